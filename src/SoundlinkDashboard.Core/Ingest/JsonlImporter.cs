using Microsoft.Data.Sqlite;
using Soundlink.Client.Export;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Ingest;

public sealed record ImportResult(int BatchId, long Read, UpsertCounts Counts, long RejectedCount)
{
    public bool AllAccepted => RejectedCount == 0;
}

public sealed record RejectedLineInfo(long Line, string Reason);

/// <summary>Imports a JSONL export file for a team: the whole file commits in one transaction with its batch record.</summary>
public sealed class JsonlImporter(SqliteStore store, TimeProvider time)
{
    private const int ProgressEvery = 50_000;

    public async Task<ImportResult> ImportAsync(int teamId, Stream input, string fileName,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        using (var cache = connection.CreateCommand())
        {
            // A bigger page cache keeps the primary-key B-tree in memory during large imports.
            cache.CommandText = "PRAGMA cache_size = -32000";
            cache.ExecuteNonQuery();
        }
        await using var transaction = connection.BeginTransaction();
        var batchId = CreateBatch(connection, transaction, teamId, fileName);
        using var rejectCommand = RejectCommand(connection, transaction, batchId);
        using var writer = new MetricRowWriter(connection, transaction, teamId);

        long read = 0, rejected = 0;
        await foreach (var line in SoundlinkExportReader.ReadAsync(input, cancellationToken))
        {
            read++;
            var reason = line.Row is { } row ? writer.Write(row) : line.Error;
            if (reason is not null)
            {
                rejected++;
                rejectCommand.Parameters["$n"].Value = line.LineNumber;
                rejectCommand.Parameters["$r"].Value = reason;
                rejectCommand.Parameters["$x"].Value = line.Excerpt ?? "";
                rejectCommand.ExecuteNonQuery();
            }
            if (read % ProgressEvery == 0)
            {
                progress?.Report(read);
            }
        }
        var counts = writer.Complete();
        FinishBatch(connection, transaction, batchId, read, counts, rejected);
        await transaction.CommitAsync(cancellationToken);
        if (read >= ProgressEvery)
        {
            progress?.Report(read);
        }
        return new ImportResult(batchId, read, counts, rejected);
    }

    /// <summary>Every rejected line of a batch, in line order, streamed from the store.</summary>
    public async IAsyncEnumerable<RejectedLineInfo> RejectedLinesAsync(int batchId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT LineNumber, Reason FROM RejectedLines WHERE BatchId = $b ORDER BY LineNumber";
        command.Parameters.AddWithValue("$b", batchId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new RejectedLineInfo(reader.GetInt64(0), reader.GetString(1));
        }
    }

    private int CreateBatch(SqliteConnection connection, SqliteTransaction transaction, int teamId, string fileName)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO ImportBatches (TeamId, FileName, StartedAt, LinesRead, Inserted, Updated, Unchanged, Rejected)
            VALUES ($t, $f, $s, 0, 0, 0, 0, 0) RETURNING Id
            """;
        command.Parameters.AddWithValue("$t", teamId);
        command.Parameters.AddWithValue("$f", fileName);
        command.Parameters.AddWithValue("$s", time.GetUtcNow().ToUnixTimeMilliseconds());
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void FinishBatch(SqliteConnection connection, SqliteTransaction transaction, int batchId, long read,
        UpsertCounts counts, long rejected)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE ImportBatches SET FinishedAt = $f, LinesRead = $r, Inserted = $i, Updated = $u, Unchanged = $n,
                Rejected = $x WHERE Id = $id
            """;
        command.Parameters.AddWithValue("$f", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$r", read);
        command.Parameters.AddWithValue("$i", counts.Inserted);
        command.Parameters.AddWithValue("$u", counts.Updated);
        command.Parameters.AddWithValue("$n", counts.Unchanged);
        command.Parameters.AddWithValue("$x", rejected);
        command.Parameters.AddWithValue("$id", batchId);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand RejectCommand(SqliteConnection connection, SqliteTransaction transaction, int batchId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO RejectedLines (BatchId, LineNumber, Reason, Excerpt) VALUES ($b, $n, $r, $x)";
        command.Parameters.AddWithValue("$b", batchId);
        command.Parameters.Add(new SqliteParameter("$n", 0L));
        command.Parameters.Add(new SqliteParameter("$r", ""));
        command.Parameters.Add(new SqliteParameter("$x", ""));
        return command;
    }
}
