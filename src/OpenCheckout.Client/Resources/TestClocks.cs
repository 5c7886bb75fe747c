using OpenCheckout.Client.Http;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Resources;

/// <summary><c>/v1/test_helpers/test_clocks</c> (test keys only): clocks whose time you move. Customers made with
/// <see cref="CreateCustomerRequest.TestClock"/> live on the clock's time, with their sessions, payments and disputes; an advance
/// runs what falls due in between (expiries, lapsed authorizations, dispute steps) in time order, in the background.</summary>
public sealed class TestClocksClient
{
    readonly ApiTransport _api;

    internal TestClocksClient(ApiTransport api) => _api = api;

    public async Task<TestClock> CreateAsync(CreateTestClockRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("test_helpers/test_clocks", request, ClientJson.Default.CreateTestClockRequest, WireJson.Default.TestClockEnvelope,
            requestOptions, ct).ConfigureAwait(false)).TestClock;

    public async Task<TestClock> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"test_helpers/test_clocks/{Uri.EscapeDataString(id)}", null, WireJson.Default.TestClockEnvelope, ct)
            .ConfigureAwait(false)).TestClock;

    public async Task<ListPage<TestClock>> ListAsync(ListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("test_helpers/test_clocks", (options ?? new()).ToQuery(), WireJson.Default.TestClockList, ct).ConfigureAwait(false);
        return new(list.TestClocks, list.HasMore);
    }

    public IAsyncEnumerable<TestClock> ListAutoPagingAsync(ListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, c => c.TestClockId, ct);

    /// <summary>Deletes the clock and its customers (their open sessions are expired); returns the clock as it was.</summary>
    public async Task<TestClock> DeleteAsync(string id, CancellationToken ct = default) =>
        (await _api.DeleteAsync($"test_helpers/test_clocks/{Uri.EscapeDataString(id)}", WireJson.Default.DeletedTestClockEnvelope, ct)
            .ConfigureAwait(false)).TestClock;

    /// <summary>Starts moving the clock forward to <paramref name="frozenTime"/> (after its time, at most two years on); the answer
    /// comes at once with status <c>advancing</c>. <see cref="WaitUntilReadyAsync"/> waits for the advance to finish.</summary>
    public async Task<TestClock> AdvanceAsync(string id, DateTimeOffset frozenTime, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync($"test_helpers/test_clocks/{Uri.EscapeDataString(id)}/advance",
            new AdvanceTestClockRequest { FrozenTime = frozenTime.ToUnixTimeSeconds() }, ClientJson.Default.AdvanceTestClockRequest,
            WireJson.Default.TestClockEnvelope, requestOptions, ct).ConfigureAwait(false)).TestClock;

    /// <summary>Polls the clock (every <paramref name="pollInterval"/>, default 250 ms) until its status is <c>ready</c>, and
    /// returns it. Cancel <paramref name="ct"/> to stop waiting.</summary>
    public async Task<TestClock> WaitUntilReadyAsync(string id, TimeSpan? pollInterval = null, CancellationToken ct = default)
    {
        while (true)
        {
            var clock = await GetAsync(id, ct).ConfigureAwait(false);
            if (clock.Status == TestClockStatus.Ready) return clock;
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }
}
