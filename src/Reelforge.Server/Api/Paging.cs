using System.Globalization;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>The `limit` of every cursor-paged list: 1 to 100, default 20.</summary>
public static class Paging
{
    public static int Limit(string? limit)
    {
        var take = 20;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > 100))
        {
            throw new ApiErrorException(ApiError.Invalid("limit", "'limit' must be a whole number from 1 to 100."));
        }
        return take;
    }
}
