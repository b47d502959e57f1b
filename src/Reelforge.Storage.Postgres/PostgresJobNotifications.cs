using Npgsql;
using Reelforge.Engine;

namespace Reelforge.Storage.Postgres;

/// <summary>
/// LISTEN on one dedicated connection (outside the pool) for the NOTIFY every event's transaction
/// sends (<see cref="Channel"/>, payload `job_id event_type`), delivered when it commits.
/// </summary>
public sealed class PostgresJobNotifications(string connectionString) : IJobNotifications
{
    public const string Channel = "reelforge_events";

    public async Task ListenAsync(Action onListening, Action<JobNotice> onNotice, CancellationToken ct)
    {
        // Keepalives make a silently dead server show as an error within seconds instead of never.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 10 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            var space = e.Payload.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                onNotice(new JobNotice(e.Payload[..space], e.Payload[(space + 1)..]));
            }
        };
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }
        onListening();
        while (true)
        {
            await connection.WaitAsync(ct);
        }
    }
}
