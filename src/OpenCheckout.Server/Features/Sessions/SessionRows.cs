using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>The CheckoutSessions row as the hot paths read and write it through prepared statements, in the
/// formats EF Core uses for the same table (JSON columns through <see cref="JsonColumn"/>; booleans as 0/1 and
/// DateTime as ISO text, as Microsoft.Data.Sqlite binds them). A test holds this list to the EF model, so a
/// new property cannot be forgotten here.</summary>
static class SessionRows
{
    public static readonly string[] Columns =
    [
        "Id", "AccountId", "TestMode", "Status", "PaymentStatus", "Mode", "Currency", "AmountSubtotal", "AmountTotal",
        "AmountDiscount", "AmountTax", "AmountShipping", "AmountFees", "Discounts", "Fees", "ShippingOptions", "ShippingRateId",
        "ShippingAddressCollection", "ShippingAllowedCountries", "ShippingDetails", "AllowPromotionCodes", "CaptureMethod",
        "LineItems", "SuccessUrl", "CancelUrl", "ClientReferenceId", "Metadata", "Defaults", "CustomerEmail", "CustomerName",
        "CustomerId", "PaymentIntentId", "AmountRefunded", "RefundIds", "CreatedAt", "ExpiresAt", "CompletedAt", "PaymentLinkId",
        "SetupFutureUse", "Subscription", "SubscriptionId", "TestClockId",
    ];

    static readonly string Select = $"SELECT {string.Join(", ", Columns)}";

    public static readonly string Insert =
        $"INSERT INTO CheckoutSessions ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select((_, i) => "@p" + i))})";

    static readonly string FindSql = Select + " FROM CheckoutSessions WHERE Id = @p0 AND AccountId = @p1 AND TestMode = @p2";

    public static CheckoutSession? Find(PreparedConnection sql, string id, Merchant merchant)
    {
        using var rows = sql.Query(FindSql, id, merchant.AccountId, merchant.TestMode);
        return rows.Read() ? Read(rows) : null;
    }

    /// <summary>Up to <paramref name="limit"/> rows of <c>SELECT {Columns} {rest}</c>, a page query that
    /// asks for one row more; <paramref name="hasMore"/> says whether that row exists. It is not read: a row's line items
    /// are most of the cost of reading it.</summary>
    public static List<CheckoutSession> Page(PreparedConnection sql, string rest, int limit, out bool hasMore, params ReadOnlySpan<object?> values)
    {
        using var rows = sql.Query(Select + " " + rest, values);
        var sessions = new List<CheckoutSession>(limit);
        hasMore = false;
        while (rows.Read())
        {
            if (sessions.Count == limit)
            {
                hasMore = true;
                break;
            }
            sessions.Add(Read(rows));
        }
        return sessions;
    }

    // Text that repeats across a merchant's sessions goes through the connection's string pool; ids and the like do not.
    static CheckoutSession Read(PreparedRows r) => new()
    {
        Id = r.GetString(0),
        AccountId = r.GetRepeatedString(1),
        TestMode = r.GetBoolean(2),
        Status = r.GetRepeatedString(3),
        PaymentStatus = r.GetRepeatedString(4),
        Mode = r.GetRepeatedString(5),
        Currency = r.GetRepeatedString(6),
        AmountSubtotal = r.GetInt64(7),
        AmountTotal = r.GetInt64(8),
        AmountDiscount = r.GetInt64(9),
        AmountTax = r.GetInt64(10),
        AmountShipping = r.GetInt64(11),
        AmountFees = r.GetInt64(12),
        Discounts = JsonColumn.Read(r, 13, SessionColumnJson.Default.ListSessionDiscount),
        Fees = JsonColumn.Read(r, 14, SessionColumnJson.Default.ListSessionFee),
        ShippingOptions = JsonColumn.Read(r, 15, SessionColumnJson.Default.ListSessionShippingOption),
        ShippingRateId = r.GetRepeatedStringOrNull(16),
        ShippingAddressCollection = r.GetBoolean(17),
        ShippingAllowedCountries = JsonColumn.Read(r, 18, ColumnJson.Default.ListString),
        ShippingDetails = JsonColumn.ReadNullable(r, 19, SessionColumnJson.Default.ShippingDetails),
        AllowPromotionCodes = r.GetBoolean(20),
        CaptureMethod = r.GetRepeatedString(21),
        LineItems = SessionLineItemJson.ReadList(r.GetBytes(22), r.Strings),
        SuccessUrl = r.GetRepeatedString(23),
        CancelUrl = r.GetRepeatedStringOrNull(24),
        ClientReferenceId = r.GetStringOrNull(25),
        Metadata = JsonColumn.Read(r, 26, ColumnJson.Default.DictionaryStringString),
        Defaults = JsonColumn.ReadNullable(r, 27, SessionColumnJson.Default.SessionDefaults),
        CustomerEmail = r.GetStringOrNull(28),
        CustomerName = r.GetStringOrNull(29),
        CustomerId = r.GetStringOrNull(30),
        PaymentIntentId = r.GetStringOrNull(31),
        AmountRefunded = r.GetInt64(32),
        RefundIds = JsonColumn.Read(r, 33, ColumnJson.Default.ListString),
        CreatedAt = r.GetDateTime(34),
        ExpiresAt = r.GetDateTime(35),
        CompletedAt = r.GetDateTimeOrNull(36),
        PaymentLinkId = r.GetStringOrNull(37),
        SetupFutureUse = r.GetRepeatedStringOrNull(38),
        Subscription = JsonColumn.ReadNullable(r, 39, SessionColumnJson.Default.SessionSubscription),
        SubscriptionId = r.GetStringOrNull(40),
        TestClockId = r.GetStringOrNull(41),
    };

    /// <summary>The values of <see cref="Insert"/>, in the order of <see cref="Columns"/>.</summary>
    public static object?[] Values(CheckoutSession s) =>
    [
        s.Id, s.AccountId, s.TestMode, s.Status, s.PaymentStatus, s.Mode, s.Currency, s.AmountSubtotal, s.AmountTotal,
        s.AmountDiscount, s.AmountTax, s.AmountShipping, s.AmountFees, JsonColumn.Write(s.Discounts, SessionColumnJson.Default.ListSessionDiscount), JsonColumn.Write(s.Fees, SessionColumnJson.Default.ListSessionFee),
        JsonColumn.Write(s.ShippingOptions, SessionColumnJson.Default.ListSessionShippingOption), s.ShippingRateId, s.ShippingAddressCollection, JsonColumn.Write(s.ShippingAllowedCountries, ColumnJson.Default.ListString),
        s.ShippingDetails is null ? null : JsonColumn.Write(s.ShippingDetails, SessionColumnJson.Default.ShippingDetails), s.AllowPromotionCodes, s.CaptureMethod,
        JsonColumn.Write(s.LineItems, SessionColumnJson.Default.ListSessionLineItem), s.SuccessUrl, s.CancelUrl, s.ClientReferenceId, JsonColumn.Write(s.Metadata, ColumnJson.Default.DictionaryStringString),
        s.Defaults is null ? null : JsonColumn.Write(s.Defaults, SessionColumnJson.Default.SessionDefaults), s.CustomerEmail, s.CustomerName, s.CustomerId, s.PaymentIntentId,
        s.AmountRefunded, JsonColumn.Write(s.RefundIds, ColumnJson.Default.ListString), s.CreatedAt, s.ExpiresAt, s.CompletedAt, s.PaymentLinkId,
        s.SetupFutureUse, s.Subscription is null ? null : JsonColumn.Write(s.Subscription, SessionColumnJson.Default.SessionSubscription),
        s.SubscriptionId, s.TestClockId,
    ];
}
