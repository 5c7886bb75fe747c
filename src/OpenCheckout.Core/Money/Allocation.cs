namespace OpenCheckout.Money;

/// <summary>Exact splitting and percentage arithmetic in integer minor units: no floating point, nothing lost,
/// nothing created. Callers keep every input within <see cref="Amount.Max"/>, so the 128-bit intermediates never overflow.</summary>
public static class Allocation
{
    /// <summary><paramref name="amount"/> split over <paramref name="weights"/> in proportion (largest-remainder method):
    /// each share is the floor of its exact proportion, and the few minor units left over go one each to the shares
    /// with the largest remainders, ties to the earlier one. The shares sum to <paramref name="amount"/> exactly, and
    /// when <paramref name="amount"/> ≤ Σ weights no share exceeds its weight. All-zero weights split evenly.</summary>
    public static long[] Split(long amount, IReadOnlyList<long> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (weights.Count == 0)
            return amount == 0 ? [] : throw new ArgumentException("An amount cannot be split over nothing.", nameof(weights));
        if (weights.Any(w => w < 0)) throw new ArgumentOutOfRangeException(nameof(weights), "Weights are not negative.");
        var effective = weights.Sum() == 0 ? weights.Select(_ => 1L).ToArray() : weights.ToArray();
        Int128 total = 0;
        foreach (var weight in effective) total += weight;

        var shares = new long[effective.Length];
        var remainders = new Int128[effective.Length];
        long given = 0;
        for (var i = 0; i < effective.Length; i++)
        {
            var exact = (Int128)amount * effective[i];
            shares[i] = (long)(exact / total);
            remainders[i] = exact % total;
            given += shares[i];
        }
        var order = Enumerable.Range(0, effective.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i);
        foreach (var i in order.Take((int)(amount - given))) shares[i]++;
        return shares;
    }

    /// <summary><paramref name="amount"/> × <paramref name="basisPoints"/> / 10 000 (1 basis point = 0.01 %), rounded half up
    /// to the minor unit: 12.5 % of 999 is 124.875 → 125; 10 % of 5 is 0.5 → 1.</summary>
    public static long PercentOf(long amount, long basisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        ArgumentOutOfRangeException.ThrowIfNegative(basisPoints);
        return (long)(((Int128)amount * basisPoints + 5_000) / 10_000);
    }
}
