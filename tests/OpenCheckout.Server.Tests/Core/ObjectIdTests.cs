using OpenCheckout.Ids;

namespace OpenCheckout.Server.Tests.Core;

public sealed class ObjectIdTests
{
    static readonly DateTimeOffset Instant = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_SameMillisecond_ManyThreads_AllDistinct()
    {
        // Several refills of each thread's buffer of random bytes, on several threads at once.
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 1000; i++) ids.Add(ObjectId.New(ObjectId.Session, Instant));
        });

        Assert.Equal(4000, ids.Distinct().Count());
        // The random parts vary in every position (not, say, a counter in an otherwise repeated block).
        var randomParts = ids.Select(id => id[(ObjectId.Session.Length + 10)..]).ToList();
        Assert.All(Enumerable.Range(0, 16), position => Assert.True(randomParts.Select(p => p[position]).Distinct().Count() > 16));
    }

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
