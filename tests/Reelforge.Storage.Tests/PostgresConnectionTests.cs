using Npgsql;
using Reelforge.Storage.Postgres;

namespace Reelforge.Storage.Tests;

public sealed class PostgresConnectionTests
{
    [Fact]
    public void TheQueueDefaults_ApplyUnlessTheConnectionStringSetsThem()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresDatabase.Tuned("Host=db;Database=reelforge"));
        Assert.Equal((true, 64), (tuned.NoResetOnClose, tuned.MaxAutoPrepare));

        var given = new NpgsqlConnectionStringBuilder(PostgresDatabase.Tuned("Host=db;No Reset On Close=false;Max Auto Prepare=0"));
        Assert.Equal((false, 0), (given.NoResetOnClose, given.MaxAutoPrepare));
    }
}
