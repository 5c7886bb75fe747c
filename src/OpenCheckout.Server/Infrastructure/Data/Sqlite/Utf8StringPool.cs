using System.Text;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

/// <summary>Strings decoded from UTF-8 and handed out again for the same bytes. Most text in a stored session repeats
/// from one row to the next (the merchant's account, its URLs, the catalog's ids and names copied into line items), and
/// decoding each copy afresh was most of what a page of sessions allocated. A fixed number of slots, chosen by the
/// bytes' hash; a different value in the slot is replaced, so memory stays bounded whatever is read. Not thread-safe:
/// one per connection, like its statements.</summary>
public sealed class Utf8StringPool
{
    const int Slots = 256; // a power of two
    const int MaxBytes = 128; // longer values are decoded every time: rarer, and they would hold more memory

    readonly byte[]?[] _bytes = new byte[Slots][];
    readonly string?[] _texts = new string[Slots];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes) return Encoding.UTF8.GetString(utf8);
        var hash = new HashCode();
        hash.AddBytes(utf8);
        var slot = hash.ToHashCode() & (Slots - 1);
        if (_bytes[slot] is { } bytes && utf8.SequenceEqual(bytes)) return _texts[slot]!;
        var text = Encoding.UTF8.GetString(utf8);
        _bytes[slot] = utf8.ToArray();
        _texts[slot] = text;
        return text;
    }
}
