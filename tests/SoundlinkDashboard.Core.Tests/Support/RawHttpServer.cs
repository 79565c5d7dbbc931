using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SoundlinkDashboard.Tests.Support;

/// <summary>
/// A loopback TCP listener that answers every connection with one fixed HTTP response (or nothing) and counts the
/// connections: stands in for "something else" a key might be pointed at.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _response;
    private readonly Task _loop;
    private int _connections;

    /// <param name="response">The raw response sent to every connection; null closes without answering.</param>
    public RawHttpServer(string? response)
    {
        _response = response;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[8192];
                    try
                    {
                        _ = await stream.ReadAsync(buffer, _stop.Token);
                        if (_response is not null)
                        {
                            await stream.WriteAsync(Encoding.ASCII.GetBytes(_response), _stop.Token);
                        }
                    }
                    catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
                    {
                        // The client went away: nothing to do.
                    }
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
