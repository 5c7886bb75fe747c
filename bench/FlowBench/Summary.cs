namespace OpenCheckout.Bench;

/// <summary>Order statistics of a sample, in milliseconds. Percentiles are nearest-rank (the value at rank
/// ceil(p/100 × n) of the sorted sample), so with 100 runs p99 is the 99th-fastest run; the median of an
/// even count is the mean of the two middle values.</summary>
sealed record Summary(int Count, double Median, double P90, double P99, double Min, double Max, double Mean)
{
    public static Summary Of(IReadOnlyCollection<double> sample)
    {
        if (sample.Count == 0) throw new ArgumentException("An empty sample has no summary.", nameof(sample));
        var sorted = sample.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(n, median, Rank(sorted, 90), Rank(sorted, 99), sorted[0], sorted[^1], sorted.Average());
    }

    public Summary Rounded() =>
        new(Count, Math.Round(Median, 3), Math.Round(P90, 3), Math.Round(P99, 3), Math.Round(Min, 3), Math.Round(Max, 3), Math.Round(Mean, 3));

    static double Rank(double[] sorted, int percentile) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
}
