using Microsoft.Data.Sqlite;
using Soundlink.Client.Export;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Ingest;

/// <summary>
/// One batch of export lines (a file, or a sync slice) written inside the caller's transaction: the batch
/// record, the rows through the one upsert path, and every rejected line with its number and reason.
/// </summary>
public sealed class IngestBatch : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly TimeProvider _time;
    private readonly SqliteCommand _reject;
    private readonly MetricRowWriter _writer;
    private long _read;
    private long _rejected;

    private IngestBatch(SqliteConnection connection, SqliteTransaction transaction, int teamId, int batchId, TimeProvider time)
    {
        _connection = connection;
        _transaction = transaction;
        _time = time;
        BatchId = batchId;
        _reject = connection.CreateCommand();
        _reject.Transaction = transaction;
        _reject.CommandText = "INSERT INTO RejectedLines (BatchId, LineNumber, Reason, Excerpt) VALUES ($b, $n, $r, $x)";
        _reject.Parameters.AddWithValue("$b", batchId);
        _reject.Parameters.Add(new SqliteParameter("$n", 0L));
        _reject.Parameters.Add(new SqliteParameter("$r", ""));
        _reject.Parameters.Add(new SqliteParameter("$x", ""));
        _writer = new MetricRowWriter(connection, transaction, teamId);
    }

    public int BatchId { get; }
    public long Read => _read;

    public static IngestBatch Begin(SqliteConnection connection, SqliteTransaction transaction, int teamId, string name, TimeProvider time)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO ImportBatches (TeamId, FileName, StartedAt, LinesRead, Inserted, Updated, Unchanged, Rejected)
            VALUES ($t, $f, $s, 0, 0, 0, 0, 0) RETURNING Id
            """;
        command.Parameters.AddWithValue("$t", teamId);
        command.Parameters.AddWithValue("$f", name);
        command.Parameters.AddWithValue("$s", time.GetUtcNow().ToUnixTimeMilliseconds());
        var batchId = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return new IngestBatch(connection, transaction, teamId, batchId, time);
    }

    public void Add(RowReadResult line)
    {
        _read++;
        var reason = line.Row is { } row ? _writer.Write(row) : line.Error;
        if (reason is null)
        {
            return;
        }
        _rejected++;
        _reject.Parameters["$n"].Value = line.LineNumber;
        _reject.Parameters["$r"].Value = reason;
        _reject.Parameters["$x"].Value = line.Excerpt ?? "";
        _reject.ExecuteNonQuery();
    }

    /// <summary>Completes the rows and the batch record; the caller commits.</summary>
    public ImportResult Finish()
    {
        var counts = _writer.Complete();
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = """
            UPDATE ImportBatches SET FinishedAt = $f, LinesRead = $r, Inserted = $i, Updated = $u, Unchanged = $n,
                Rejected = $x WHERE Id = $id
            """;
        command.Parameters.AddWithValue("$f", _time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$r", _read);
        command.Parameters.AddWithValue("$i", counts.Inserted);
        command.Parameters.AddWithValue("$u", counts.Updated);
        command.Parameters.AddWithValue("$n", counts.Unchanged);
        command.Parameters.AddWithValue("$x", _rejected);
        command.Parameters.AddWithValue("$id", BatchId);
        command.ExecuteNonQuery();
        return new ImportResult(BatchId, _read, counts, _rejected);
    }

    public void Dispose()
    {
        _reject.Dispose();
        _writer.Dispose();
    }
}
