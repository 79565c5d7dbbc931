using System.Globalization;
using Microsoft.Data.Sqlite;
using Soundlink.Client.Export;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Ingest;

/// <summary>What a sync slice asked for: rows of any other campaign or date are refused, whatever the upstream sends.</summary>
public sealed record IngestScope(string CampaignId, DateOnly From, DateOnly To);

/// <summary>Why lines were refused, by kind; each kind's count is kept on the batch's run.</summary>
public static class RejectKind
{
    public const string Invalid = "invalid";
    public const string OtherCampaign = "other_campaign";
    public const string OutsideWindow = "outside_window";
    public const string FutureExportedAt = "future_exported_at";
    public const string OtherAccount = "other_account";
}

/// <summary>
/// One batch of export lines (a file, or a sync slice) written inside the caller's transaction: the batch
/// record, the rows through the one upsert path, and the rejected lines with their numbers and reasons (the first
/// <see cref="MaxRejectedLinesKept"/> of them; the rest are counted).
/// </summary>
public sealed class IngestBatch : IDisposable
{
    public const int MaxRejectedLinesKept = 1_000;

    /// <summary>How far ahead of this server's clock an exported_at may be (clocks differ a little); later ones would win every re-delivery.</summary>
    public static readonly TimeSpan ExportedAtTolerance = TimeSpan.FromMinutes(10);

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly TimeProvider _time;
    private readonly IngestScope? _scope;
    private readonly DateTimeOffset _latestExportedAt;
    private readonly SqliteCommand _reject;
    private readonly MetricRowWriter _writer;
    private readonly Dictionary<string, long> _rejectedByKind = new(StringComparer.Ordinal);
    private long _read;
    private long _rejected;

    private IngestBatch(SqliteConnection connection, SqliteTransaction transaction, int teamId, int batchId, TimeProvider time, IngestScope? scope)
    {
        _connection = connection;
        _transaction = transaction;
        _time = time;
        _scope = scope;
        _latestExportedAt = time.GetUtcNow() + ExportedAtTolerance;
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

    public static IngestBatch Begin(SqliteConnection connection, SqliteTransaction transaction, int teamId, string name, TimeProvider time,
        IngestScope? scope = null)
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
        var batchId = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new IngestBatch(connection, transaction, teamId, batchId, time, scope);
    }

    public void Add(RowReadResult line)
    {
        _read++;
        var (kind, reason) = line.Row is { } row ? Check(row) : (RejectKind.Invalid, line.Error);
        if (reason is null)
        {
            return;
        }
        _rejected++;
        _rejectedByKind[kind] = _rejectedByKind.GetValueOrDefault(kind) + 1;
        if (_rejected > MaxRejectedLinesKept)
        {
            return;
        }
        _reject.Parameters["$n"].Value = line.LineNumber;
        _reject.Parameters["$r"].Value = reason;
        _reject.Parameters["$x"].Value = line.Excerpt ?? "";
        _reject.ExecuteNonQuery();
    }

    private (string Kind, string? Reason) Check(CampaignCountryDailyRow row)
    {
        if (_scope is { } scope)
        {
            if (!string.Equals(row.CampaignId, scope.CampaignId, StringComparison.Ordinal))
            {
                return (RejectKind.OtherCampaign, $"campaign_id \"{row.CampaignId}\" is not the campaign this export was asked for ({scope.CampaignId})");
            }
            if (row.ReportDate < scope.From || row.ReportDate > scope.To)
            {
                return (RejectKind.OutsideWindow,
                    string.Create(CultureInfo.InvariantCulture, $"report_date {row.ReportDate:yyyy-MM-dd} is outside the window asked for ({scope.From:yyyy-MM-dd}..{scope.To:yyyy-MM-dd})"));
            }
        }
        if (row.ExportedAt > _latestExportedAt)
        {
            return (RejectKind.FutureExportedAt, string.Create(CultureInfo.InvariantCulture,
                $"exported_at {row.ExportedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is in the future (more than {ExportedAtTolerance.TotalMinutes:0} minutes ahead of this server's clock)"));
        }
        return _writer.Write(row) is { } refused ? (RejectKind.OtherAccount, refused) : ("", null);
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
        return new ImportResult(BatchId, _read, counts, _rejected)
        {
            RejectedByKind = new Dictionary<string, long>(_rejectedByKind, StringComparer.Ordinal),
        };
    }

    public void Dispose()
    {
        _reject.Dispose();
        _writer.Dispose();
    }
}
