using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;

namespace OpenCheckout.Server.Tests.Features.Events;

/// <summary>One event of a Server-Sent Events stream.</summary>
public sealed record StreamedEvent(string Id, string Type, string Data);

/// <summary>A client of <c>GET /v1/events/stream</c> as an EventSource reads it: fields line by line, an event dispatched at each
/// blank line, comments kept aside.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    readonly HttpClient _http;
    readonly HttpResponseMessage _response;
    readonly StreamReader _reader;
    readonly List<string> _comments = [];
    readonly Channel<StreamedEvent> _events = Channel.CreateUnbounded<StreamedEvent>();
    readonly Task _pump;
    volatile bool _closed;

    EventStreamReader(HttpClient http, HttpResponseMessage response, Stream body)
    {
        _http = http;
        _response = response;
        _reader = new StreamReader(body);
        _pump = Task.Run(PumpAsync);
    }

    public HttpResponseMessage Response => _response;

    public IReadOnlyList<string> Comments { get { lock (_comments) return [.. _comments]; } }

    /// <summary>The answer, without reading it (an error, or a stream to read with <see cref="OpenAsync"/>).</summary>
    public static async Task<HttpResponseMessage> RequestAsync(HttpClient http, string query = "", string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events/stream" + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Opens a stream with <paramref name="apiKey"/>, asserting a 200 text/event-stream.</summary>
    public static async Task<EventStreamReader> OpenAsync(TestApp app, string apiKey, string query = "", string? lastEventId = null)
    {
        var http = app.Http(apiKey);
        http.Timeout = Timeout.InfiniteTimeSpan;
        var response = await RequestAsync(http, query, lastEventId);
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"Stream refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(http, response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, waiting up to <paramref name="timeout"/> (default 30 s) for it.</summary>
    public async Task<StreamedEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            return await _events.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No event within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds} s.");
        }
        catch (ChannelClosedException e)
        {
            throw new EndOfStreamException("The stream ended.", e);
        }
    }

    /// <summary>Reads the stream as it comes (a read is never cancelled: that would drop the connection).</summary>
    async Task PumpAsync()
    {
        string? id = null, type = null, data = null;
        try
        {
            while (await _reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null) await _events.Writer.WriteAsync(new StreamedEvent(id!, type!, data));
                    (type, data) = (null, null);
                    continue;
                }
                if (line.StartsWith(':'))
                {
                    lock (_comments) _comments.Add(line);
                    continue;
                }
                var colon = line.IndexOf(':');
                var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "data": data = data is null ? value : data + "\n" + value; break;
                }
            }
        }
        catch (Exception) when (_closed)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Events until one of <paramref name="type"/>, that one included.</summary>
    public async Task<List<StreamedEvent>> UntilAsync(string type, TimeSpan? timeout = null)
    {
        var events = new List<StreamedEvent>();
        while (true)
        {
            var next = await NextAsync(timeout);
            events.Add(next);
            if (next.Type == type) return events;
        }
    }

    /// <summary>The first comment, waiting up to <paramref name="timeout"/> for one.</summary>
    public async Task<string?> CommentAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Comments.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        return Comments.FirstOrDefault();
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _response.Dispose();
        _http.Dispose();
        await _pump;
        _reader.Dispose();
    }
}
