using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.TestClocks;

/// <summary>A test-mode clock of one account: the time of the customers made on it and of what hangs off them. An advance
/// request stores its target (<see cref="AdvanceTo"/>, status advancing); <see cref="TestClockAdvancer"/> on some node then
/// claims the clock with a lease (<see cref="LockedBy"/>, <see cref="LockedUntil"/>) and moves <see cref="FrozenTime"/> step by
/// step to it. Everything needed to resume is in the row, so a node that dies mid-advance leaves it to another.</summary>
public sealed class TestClock : IOwnedObject
{
    public const int NameLength = 300;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public string? Name { get; init; }
    public DateTime FrozenTime { get; set; }
    public required string Status { get; set; }
    /// <summary>Where the running advance goes; null when ready.</summary>
    public DateTime? AdvanceTo { get; set; }
    /// <summary>The instance (<c>ni_</c>) advancing the clock, and until when its claim holds (wall clock) unless renewed.</summary>
    public string? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; init; }
}

public static class TestClockStatus
{
    public const string Ready = "ready";
    public const string Advancing = "advancing";
}
