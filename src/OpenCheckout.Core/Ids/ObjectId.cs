using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OpenCheckout.Ids;

/// <summary>Object ids: a type prefix plus a ULID whose time part is the creation time and whose
/// 80 random bits come from a cryptographic source, so ids sort by creation and cannot be guessed.</summary>
public static class ObjectId
{
    public const string Session = "fcs_";
    public const string Product = "fprod_";
    public const string Price = "fprice_";
    public const string Customer = "fcus_";
    public const string PaymentIntent = "fpi_";
    public const string PaymentMethod = "fpm_";
    public const string Refund = "fre_";
    public const string Webhook = "fwh_";
    public const string Event = "fevt_";
    public const string PaymentLink = "fplink_";
    public const string Account = "facct_";
    public const string LineItem = "fli_";
    public const string Charge = "fch_";
    /// <summary>Flex's (its disputes guide). Disputes made before were <c>fdp_</c>: they keep their ids, which sort before these.</summary>
    public const string Dispute = "fdsp_";
    public const string WebhookDelivery = "fwdl_";
    public const string WebhookAttempt = "fwat_";
    public const string Coupon = "fcoup_";
    public const string PromoCode = "fpromo_";
    public const string ShippingRate = "fshr_";
    public const string Capture = "fcap_";
    public const string Subscription = "fsub_";
    public const string Invoice = "finv_";
    public const string DashboardUser = "fusr_";
    public const string TestClock = "fclock_";

    /// <summary>Characters after the prefix: a ULID in Crockford's base 32.</summary>
    public const int UlidLength = 26;

    public static string New(string prefix, DateTimeOffset createdAt) =>
        prefix + System.Ulid.NewUlid(createdAt, Randomness.Next()).ToString();

    /// <summary>The least id of <paramref name="prefix"/> that an object created at <paramref name="time"/> or later can have
    /// (ids sort by their time part, to the millisecond): a bound that lets a filter on creation time seek the id index.</summary>
    public static string Floor(string prefix, DateTimeOffset time) =>
        prefix + System.Ulid.NewUlid(time, stackalloc byte[10]).ToString();

    /// <summary>A new id that sorts after <paramref name="previous"/> (an id with the same prefix). Ids made in the same
    /// millisecond are ordered only by their random part; where ids are the order things happened in (the events of one
    /// transaction), such an id is instead <paramref name="previous"/> plus a random step of up to 2^32, so it still
    /// cannot be guessed from its neighbour's.</summary>
    public static string NewAfter(string prefix, DateTimeOffset createdAt, string? previous)
    {
        var id = New(prefix, createdAt);
        if (previous is null || string.CompareOrdinal(id, previous) > 0) return id;
        Span<byte> bytes = stackalloc byte[16];
        System.Ulid.Parse(previous.AsSpan(prefix.Length)).TryWriteBytes(bytes);
        var step = (UInt128)(uint)RandomNumberGenerator.GetInt32(int.MaxValue) * 2 + 1;
        BinaryPrimitives.WriteUInt128BigEndian(bytes, BinaryPrimitives.ReadUInt128BigEndian(bytes) + step);
        return prefix + new System.Ulid(bytes).ToString();
    }

    /// <summary>Cheap shape check so malformed ids are a 404 without a database round trip.</summary>
    public static bool HasShape(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + UlidLength && id.StartsWith(prefix, StringComparison.Ordinal)
        && System.Ulid.TryParse(id.AsSpan(prefix.Length), out _);

    /// <summary>The random parts, taken from the cryptographic generator 64 ids at a time per thread: each call into
    /// OpenSSL cost more than the rest of making an id. Every byte is still used once.</summary>
    static class Randomness
    {
        const int Size = 10;
        [ThreadStatic] static byte[]? _buffer;
        [ThreadStatic] static int _used;

        public static ReadOnlySpan<byte> Next()
        {
            var buffer = _buffer ??= new byte[Size * 64];
            if (_used == 0) RandomNumberGenerator.Fill(buffer);
            var part = buffer.AsSpan(_used, Size);
            _used = (_used + Size) % buffer.Length;
            return part;
        }
    }
}
