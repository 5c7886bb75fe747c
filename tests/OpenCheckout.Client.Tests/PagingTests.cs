using Microsoft.Extensions.DependencyInjection;

namespace OpenCheckout.Client.Tests;

/// <summary>Auto-paging follows starting_after cursors over every page; the client here comes from DI (AddOpenCheckout),
/// with a counting handler added to its IHttpClientFactory pipeline.</summary>
public sealed class PagingTests : IAsyncLifetime
{
    readonly ServerApp _app = new();
    readonly RequestCounter _counter = new();
    ServiceProvider _services = null!;
    OpenCheckoutClient _client = null!;

    public async Task InitializeAsync()
    {
        var apiKey = await _app.CreateTestKeyAsync();
        var services = new ServiceCollection();
        services.AddOpenCheckout(o =>
        {
            o.ApiKey = apiKey;
            o.BaseUrl = _app.BaseUrl + "/v1"; // with or without /v1
        }).AddHttpMessageHandler(() => _counter);
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<OpenCheckoutClient>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ListAutoPaging_Over25Sessions_YieldsEachOnceNewestFirst_InThreePages()
    {
        var price = await _client.CreatePriceAsync();
        var created = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            created.Add((await _client.CreateSessionAsync(price.PriceId, clientReferenceId: "paging")).Id);
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        _counter.Reset();
        var seen = new List<string>();
        await foreach (var session in _client.CheckoutSessions.ListAutoPagingAsync(new CheckoutSessionListOptions { Limit = 10, ClientReferenceId = "paging" }))
            seen.Add(session.Id);

        Assert.Equal(Enumerable.Reverse(created), seen);
        Assert.Equal(3, _counter.Count);
        Assert.All(_counter.Paths.Skip(1), path => Assert.Contains("starting_after=fcs_", path));
    }

    [Fact]
    public async Task ListAutoPaging_FromACursor_AndBackwards()
    {
        var price = await _client.CreatePriceAsync();
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await _client.CreateSessionAsync(price.PriceId, clientReferenceId: "cursor")).Id);
            _app.Clock.Advance(TimeSpan.FromSeconds(1)); // ids sort by creation time; within one millisecond, at random
        }
        var newestFirst = Enumerable.Reverse(created).ToList();

        var after = await _client.CheckoutSessions.ListAutoPagingAsync(
            new CheckoutSessionListOptions { Limit = 2, ClientReferenceId = "cursor", StartingAfter = newestFirst[2] }).ToListAsync();
        Assert.Equal(newestFirst[3..], after.Select(s => s.Id));

        var before = await _client.CheckoutSessions.ListAutoPagingAsync(
            new CheckoutSessionListOptions { Limit = 2, ClientReferenceId = "cursor", EndingBefore = newestFirst[4] }).ToListAsync();
        Assert.Equal(newestFirst[..4].ToHashSet(), before.Select(s => s.Id).ToHashSet());
        Assert.Equal(4, before.Count);
    }

    [Fact]
    public async Task List_OnePage_ReportsHasMore()
    {
        var price = await _client.CreatePriceAsync();
        for (var i = 0; i < 3; i++) await _client.CreateSessionAsync(price.PriceId, clientReferenceId: "one-page");

        var page = await _client.CheckoutSessions.ListAsync(new CheckoutSessionListOptions { Limit = 2, ClientReferenceId = "one-page" });
        Assert.Equal(2, page.Data.Count);
        Assert.True(page.HasMore);
        Assert.Empty((await _client.CheckoutSessions.ListAsync(new CheckoutSessionListOptions { Status = "complete", ClientReferenceId = "one-page" })).Data);
    }

    sealed class RequestCounter : DelegatingHandler
    {
        readonly List<string> _paths = [];

        public int Count { get { lock (_paths) return _paths.Count; } }

        public IReadOnlyList<string> Paths { get { lock (_paths) return _paths.ToList(); } }

        public void Reset()
        {
            lock (_paths) _paths.Clear();
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_paths) _paths.Add(request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
