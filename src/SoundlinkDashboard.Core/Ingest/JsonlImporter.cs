using Microsoft.Data.Sqlite;
using Soundlink.Client.Export;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Ingest;

public sealed record ImportResult(int BatchId, long Read, UpsertCounts Counts, long RejectedCount)
{
    public bool AllAccepted => RejectedCount == 0;

    /// <summary>Rejected lines by <see cref="RejectKind"/>.</summary>
    public IReadOnlyDictionary<string, long> RejectedByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>Rejected lines whose number and reason are stored (the first <see cref="IngestBatch.MaxRejectedLinesKept"/>).</summary>
    public long RejectedKept => Math.Min(RejectedCount, IngestBatch.MaxRejectedLinesKept);
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
        using var batch = IngestBatch.Begin(connection, transaction, teamId, fileName, time);
        await foreach (var line in SoundlinkExportReader.ReadAsync(input, cancellationToken))
        {
            batch.Add(line);
            if (batch.Read % ProgressEvery == 0)
            {
                progress?.Report(batch.Read);
            }
        }
        var result = batch.Finish();
        await transaction.CommitAsync(cancellationToken);
        if (result.Read >= ProgressEvery)
        {
            progress?.Report(result.Read);
        }
        return result;
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
}
