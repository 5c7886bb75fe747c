namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.TestClock.Status"/>.</summary>
public static class TestClockStatus
{
    public const string Ready = "ready";
    public const string Advancing = "advancing";
}
