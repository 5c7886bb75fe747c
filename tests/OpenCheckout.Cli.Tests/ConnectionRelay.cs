using System.Net;
using System.Net.Sockets;

namespace OpenCheckout.Cli.Tests;

/// <summary>A TCP relay between the CLI and the server that a test can cut, as a dropped network or a restarted proxy would:
/// <see cref="Cut"/> closes every connection through it and refuses new ones until <see cref="Restore"/>.</summary>
public sealed class ConnectionRelay : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly Uri _target;
    readonly List<(TcpClient In, TcpClient Out)> _open = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _accepting;
    volatile bool _cut;

    public ConnectionRelay(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var (a, b) in _open)
            {
                a.Dispose();
                b.Dispose();
            }
            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    async Task AcceptAsync()
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
            if (_cut)
            {
                client.Dispose();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target.Host, _target.Port);
            lock (_open) _open.Add((client, server));
            var a = client.GetStream();
            var b = server.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception)
        {
            // cut, or either side gone
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
