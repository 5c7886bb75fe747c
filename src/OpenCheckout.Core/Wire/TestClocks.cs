using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>A test clock (contract section 13): a time of its own for the customers made on it and what hangs off them.
/// <see cref="FrozenTime"/> is unix seconds; <see cref="Status"/> is <c>advancing</c> while an advance runs, then <c>ready</c>.</summary>
public sealed record TestClock(string TestClockId, string? Name, long FrozenTime, [property: AllowedValues("advancing", "ready")] string Status,
    long CreatedAt, bool TestMode)
{
    /// <summary>The same as <see cref="TestClockId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => TestClockId;
}

public sealed record TestClockEnvelope(TestClock TestClock);

public sealed record TestClockList(IReadOnlyList<TestClock> TestClocks, bool HasMore);

public sealed record DeletedTestClockEnvelope(TestClock TestClock, bool Deleted);

public sealed record CreateTestClockRequest
{
    /// <summary>The clock's starting time, unix seconds.</summary>
    public long FrozenTime { get; set; }
    public string? Name { get; set; }
}

public sealed record AdvanceTestClockRequest
{
    /// <summary>Unix seconds: after the clock's frozen_time, at most two years after it.</summary>
    public long FrozenTime { get; set; }
}
