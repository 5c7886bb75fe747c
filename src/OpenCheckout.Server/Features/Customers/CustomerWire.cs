using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Customers;

static class CustomerWire
{
    public static Wire.Customer ToWire(this Customer c) => new(c.Id, c.Email, c.DisplayName, Unix.Seconds(c.CreatedAt), c.TestMode)
    {
        FirstName = c.FirstName, LastName = c.LastName, Phone = c.Phone, Shipping = c.Shipping, Metadata = c.Metadata,
        TestClock = c.TestClockId,
    };
}
