using OpenCheckout.Ids;

namespace OpenCheckout.Server.Tests.Core;

public sealed class ObjectIdTests
{
    static readonly DateTimeOffset Instant = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewAfter_SameMillisecond_SortsInCreationOrder()
    {
        var ids = new List<string>();
        string? previous = null;
        for (var i = 0; i < 1000; i++) ids.Add(previous = ObjectId.NewAfter(ObjectId.Event, Instant, previous));

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(ObjectId.HasShape(id, ObjectId.Event), id));
        Assert.All(ids, id => Assert.Equal(System.Ulid.Parse(id[ObjectId.Event.Length..]).Time, Instant));
    }

    [Fact]
    public void NewAfter_LaterTime_IsAFreshIdAtThatTime()
    {
        var first = ObjectId.New(ObjectId.Event, Instant);
        var later = ObjectId.NewAfter(ObjectId.Event, Instant.AddSeconds(1), first);
        Assert.Equal(Instant.AddSeconds(1), System.Ulid.Parse(later[ObjectId.Event.Length..]).Time);
    }

    [Fact]
    public void NewAfter_ClockBehindPrevious_StillSortsAfterIt()
    {
        var previous = ObjectId.New(ObjectId.Event, Instant.AddSeconds(5));
        Assert.True(string.CompareOrdinal(ObjectId.NewAfter(ObjectId.Event, Instant, previous), previous) > 0);
    }
}
