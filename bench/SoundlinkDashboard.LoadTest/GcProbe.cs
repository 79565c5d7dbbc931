using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace SoundlinkDashboard.LoadTest;

/// <summary>
/// The server's managed heap after a full blocking GC: an EventPipe session on the runtime provider with the
/// GCHeapCollect keyword makes the runtime run an induced gen-2 GC (as dotnet-gcdump does, without the heap walk),
/// and its GCHeapStats event gives the size of every generation after it, i.e. what is still reachable.
/// </summary>
internal static class GcProbe
{
    /// <returns>The heap size in bytes after the induced GC, or null when no such event came within 20 s.</returns>
    public static async Task<long?> HeapAfterFullGcAsync(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)],
            requestRundown: false, circularBufferMB: 16);
        var result = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var source = new EventPipeEventSource(session.EventStream);
        var fullGc = false;
        source.Clr.GCStart += e => fullGc = e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            if (fullGc)
            {
                result.TrySetResult(e.TotalHeapSize);
            }
        };
        var processing = Task.Run(() =>
        {
            try
            {
                source.Process();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
        });
        long? heap;
        try
        {
            heap = await result.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            heap = null;
        }
        await session.StopAsync(CancellationToken.None);
        await processing.WaitAsync(TimeSpan.FromSeconds(10));
        return heap;
    }
}
