namespace OpenCheckout.Money;

/// <summary>Amount arithmetic in integer minor units, refusing results no client can represent.</summary>
public static class Amount
{
    /// <summary>Largest amount we accept anywhere: 12 digits, well inside JavaScript's exact-integer range,
    /// so Node merchants (the redirect guide's first example) never see a rounded total.</summary>
    public const long Max = 999_999_999_999;

    /// <summary>unit × quantity, or null when the result exceeds <see cref="Max"/>.</summary>
    public static long? Multiply(long unitAmount, long quantity)
    {
        if (unitAmount < 0 || quantity < 0) throw new ArgumentOutOfRangeException(nameof(unitAmount), "Amounts are not negative.");
        if (quantity != 0 && unitAmount > Max / quantity) return null;
        return unitAmount * quantity;
    }

    /// <summary>Sum of non-negative amounts, or null when it exceeds <see cref="Max"/>.</summary>
    public static long? Sum(IEnumerable<long> amounts)
    {
        long total = 0;
        foreach (var amount in amounts)
        {
            if (amount < 0 || amount > Max - total) return null;
            total += amount;
        }
        return total;
    }
}
