using OpenCheckout.Money;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>The integer arithmetic behind discounts: exact splits and half-up percentages.</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData(1000, new long[] { 5000, 2400 }, new long[] { 676, 324 })]
    [InlineData(333, new long[] { 333, 333, 334 }, new long[] { 111, 111, 111 })]
    [InlineData(2, new long[] { 1, 1, 1 }, new long[] { 1, 1, 0 })]          // ties go to the earlier line
    [InlineData(5, new long[] { 0, 0 }, new long[] { 3, 2 })]               // no weight at all: even split
    [InlineData(7, new long[] { 0, 7 }, new long[] { 0, 7 })]
    [InlineData(999_999_999_999, new long[] { 999_999_999_998, 1 }, new long[] { 999_999_999_998, 1 })]
    public void Split_IsExact_AndFollowsTheWeights(long amount, long[] weights, long[] expected) =>
        Assert.Equal(expected, Allocation.Split(amount, weights));

    [Fact]
    public void Split_NeverGivesALineMoreThanItsWeight_WhenTheAmountFits()
    {
        var random = new Random(20260302);
        for (var run = 0; run < 2000; run++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 8)).Select(_ => (long)random.Next(0, 100_000)).ToArray();
            var amount = random.NextInt64(0, weights.Sum() + 1);
            var shares = Allocation.Split(amount, weights);
            Assert.Equal(amount, shares.Sum());
            Assert.All(shares.Zip(weights), pair => Assert.InRange(pair.First, 0, pair.Second));
        }
    }

    [Theory]
    [InlineData(999, 1250, 125)]
    [InlineData(5, 1000, 1)]
    [InlineData(4, 1000, 0)]
    [InlineData(15, 5000, 8)]
    [InlineData(999_999_999_999, 10_000, 999_999_999_999)]
    [InlineData(999_999_999_999, 1, 100_000_000)]
    public void PercentOf_RoundsHalfUpToTheMinorUnit(long amount, long basisPoints, long expected) =>
        Assert.Equal(expected, Allocation.PercentOf(amount, basisPoints));
}
