using System.Text;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>The pool hands out the text of the bytes it is given, every time, and reuses a string for bytes it has seen.</summary>
public sealed class Utf8StringPoolTests
{
    [Fact]
    public void SameBytes_GiveTheSameString()
    {
        var pool = new Utf8StringPool();
        var first = pool.Get("https://shop.example/success?session_id={CHECKOUT_SESSION_ID}"u8);
        var again = pool.Get("https://shop.example/success?session_id={CHECKOUT_SESSION_ID}"u8.ToArray());
        Assert.Equal("https://shop.example/success?session_id={CHECKOUT_SESSION_ID}", first);
        Assert.Same(first, again);
    }

    [Fact]
    public void ManyDifferentValues_SharingFewSlots_AreEachDecodedRight()
    {
        var pool = new Utf8StringPool();
        // Far more values than slots, so values meet in slots and replace each other; non-ASCII and over-long ones too.
        var values = Enumerable.Range(0, 5_000).Select(i => (i % 3) switch
        {
            0 => $"fprice_{i}",
            1 => $"Tasse n°{i} — café ☕",
            _ => new string('x', 100 + i % 200) + i,
        }).ToList();
        for (var round = 0; round < 2; round++)
            foreach (var value in values)
                Assert.Equal(value, pool.Get(Encoding.UTF8.GetBytes(value)));
        Assert.Equal("", pool.Get([]));
    }
}
