using OpenCheckout.Server.Features.Catalog;
using System.Collections;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>The prepared-statement paths (GET, list, create) read and write the CheckoutSessions row by hand; EF Core
/// reads and writes the same row everywhere else. Both must agree on every column, in the real SQLite file.</summary>
public sealed class SessionRowsTests : IAsyncLifetime
{
    readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Columns_AreExactlyTheModelsColumns()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        var modelColumns = db.Model.FindEntityType(typeof(CheckoutSession))!.GetProperties().Select(p => p.GetColumnName()).Order();
        Assert.Equal(modelColumns, SessionRows.Columns.Order());
    }

    [Fact]
    public async Task PreparedInsert_ReadBackByEfCore_HasEveryProperty()
    {
        var session = FullSession("fcs_prepared_insert");
        await using (var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var statements = new PreparedConnection(connection, ownsConnection: true);
            statements.ExecuteScript("PRAGMA busy_timeout=30000;"); // the server's own writes (its heartbeat, say) may hold the lock
            Assert.Equal(1, statements.Execute(SessionRows.Insert, SessionRows.Values(session)));
        }

        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        var read = await db.CheckoutSessions.AsNoTracking().SingleAsync(s => s.Id == session.Id);
        Assert.Equal(Json(session), Json(read));
    }

    [Fact]
    public async Task EfCoreInsert_ReadBackByPreparedFind_HasEveryProperty()
    {
        var session = FullSession("fcs_ef_insert");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
            db.CheckoutSessions.Add(session);
            await db.SaveChangesAsync();
        }

        var reads = _app.Services.GetRequiredService<PreparedSqlite>();
        using var lease = reads.Rent();
        Assert.Null(SessionRows.Find(lease.Connection, session.Id, new Merchant(session.AccountId, TestMode: false)));
        var read = SessionRows.Find(lease.Connection, session.Id, new Merchant(session.AccountId, session.TestMode));
        Assert.Equal(Json(session), Json(read!));
    }

    /// <summary>Empty lists and maps skip the serializer on the prepared path; the stored text must be what EF Core writes.</summary>
    [Fact]
    public async Task PreparedInsert_OfEmptyCollections_StoresWhatEfCoreStores()
    {
        var prepared = EmptySession("fcs_prepared_empty");
        var viaEf = EmptySession("fcs_ef_empty");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
            db.CheckoutSessions.Add(viaEf);
            await db.SaveChangesAsync();
        }
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        connection.Open();
        using (var statements = new PreparedConnection(connection, ownsConnection: false))
            Assert.Equal(1, statements.Execute(SessionRows.Insert, SessionRows.Values(prepared)));

        string[] collections = ["Discounts", "Fees", "ShippingOptions", "ShippingAllowedCountries", "LineItems", "Metadata", "RefundIds"];
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", collections)} FROM CheckoutSessions WHERE Id IN ('{prepared.Id}', '{viaEf.Id}') ORDER BY Id";
        using var rows = command.ExecuteReader();
        var stored = new List<string[]>();
        while (rows.Read()) stored.Add(collections.Select((_, i) => rows.GetString(i)).ToArray());
        Assert.Equal(["[]", "[]", "[]", "[]", "[]", "{}", "[]"], stored[0]);
        Assert.Equal(stored[0], stored[1]);
    }

    static CheckoutSession EmptySession(string id) => new()
    {
        Id = id, AccountId = "facct_rows", TestMode = true, Status = "open", PaymentStatus = "unpaid", Mode = "payment", Currency = "eur",
        Discounts = [], Fees = [], ShippingOptions = [], ShippingAllowedCountries = [], LineItems = [], Metadata = [], RefundIds = [],
        SuccessUrl = "https://shop.example/ok", CaptureMethod = CaptureMethod.Automatic,
        CreatedAt = new DateTime(2026, 3, 2, 12, 0, 0), ExpiresAt = new DateTime(2026, 3, 3, 12, 0, 0),
    };

    /// <summary>Every property set to a value other than its default, so a column either path forgets shows up.</summary>
    static CheckoutSession FullSession(string id)
    {
        var at = new DateTime(2026, 3, 2, 12, 0, 0, 123, DateTimeKind.Unspecified).AddTicks(4567);
        Dictionary<string, string> metadata = new() { ["order"] = "42", ["note"] = "ünïcode ✓" };
        var session = new CheckoutSession
        {
            Id = id, AccountId = "facct_rows", TestMode = true, Status = "complete", PaymentStatus = "paid", Mode = "payment",
            Currency = "eur", AmountSubtotal = 5000, AmountTotal = 5171, AmountDiscount = 500, AmountTax = 321, AmountShipping = 300,
            AmountFees = 50,
            Discounts = [new("fcoupon_1", "Spring", null, 1000, ["fprice_1"], ["fprod_1"], 500)],
            Fees = [new("Handling", "Per order", 50, "fixed")],
            ShippingOptions = [new("fshr_1", "Post", 300, metadata), new("fshr_2", "Courier", 900, [])],
            ShippingRateId = "fshr_1", ShippingAddressCollection = true, ShippingAllowedCountries = ["DE", "FR"],
            ShippingDetails = new("Ada", new("1 Main St", "Flat 2", "Berlin", "BE", "10115", "DE")),
            AllowPromotionCodes = true, CaptureMethod = CaptureMethod.Manual,
            LineItems = [new("fli_1", "fprice_1", "fprod_1", "Shirt", "Blue", 2500, "eur", 2, 5000, 4500, at, 500)],
            SuccessUrl = "https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}", CancelUrl = "https://shop.example/cancel",
            ClientReferenceId = "order-42", PaymentLinkId = "fplink_1", SetupFutureUse = "off_session", TestClockId = "fclock_1", Metadata = metadata, Defaults = new("ada@example.com", "Ada", "Lovelace", "+4930123"),
            CustomerEmail = "ada@example.com", CustomerName = "Ada Lovelace", CustomerId = "fcus_1", PaymentIntentId = "fpi_1",
            AmountRefunded = 100, RefundIds = ["fre_1"], CreatedAt = at, ExpiresAt = at.AddHours(24), CompletedAt = at.AddMinutes(3),
            Subscription = new(RecurringInterval.Month, 3, 14, ["fli_1"], 5000, metadata), SubscriptionId = "fsub_1",
        };
        foreach (var property in typeof(CheckoutSession).GetProperties())
        {
            var value = property.GetValue(session);
            Assert.True(value switch
            {
                null or false or 0L => false,
                ICollection collection => collection.Count > 0,
                DateTime time => time != default,
                _ => true,
            }, $"{property.Name} is left at its default: set it, so the round trip checks its column.");
        }
        return session;
    }

    static string Json(CheckoutSession session) => JsonSerializer.Serialize(session);
}
