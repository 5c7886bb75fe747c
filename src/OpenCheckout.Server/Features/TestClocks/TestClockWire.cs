using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.TestClocks;

static class TestClockWire
{
    public static Wire.TestClock ToWire(this TestClock c) =>
        new(c.Id, c.Name, Unix.Seconds(c.FrozenTime), c.Status, Unix.Seconds(c.CreatedAt), c.TestMode);
}
