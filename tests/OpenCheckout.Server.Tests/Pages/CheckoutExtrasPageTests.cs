using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenCheckout.Money;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>The hosted page with contract section 11's extras, driven as a browser without JavaScript would.</summary>
public abstract partial class CheckoutExtrasPageTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    HostedPageClient _page = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _page = new HostedPageClient(_app.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _page.Dispose();
        await _app.DisposeAsync();
    }

    async Task<JsonElement> SessionAsync(string extras)
    {
        var price = await _merchant.CreatePriceAsync(2500, productName: "Shirt");
        using var api = _merchant.Api();
        var response = await api.PostAsync("/v1/checkout/sessions", Json.Body(
            $$"""{"success_url": "https://shop.example/ok?id={CHECKOUT_SESSION_ID}", "line_items": [{"price": "{{price}}", "quantity": 2}], {{extras}} }"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("checkout_session").Clone();
    }

    const string TwoShippingOptions = """
        "shipping_options": [{"shipping_rate_data": {"display_name": "Standard", "amount": 500}}, {"shipping_rate_data": {"display_name": "Express", "amount": 1500}}]
        """;

    static string Row(string page, string label) =>
        Regex.Match(page, $@"<th scope=""row"" colspan=""2"">{Regex.Escape(label)}</th>\s*<td class=""amount[^""]*"">([^<]+)</td>") is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new Xunit.Sdk.XunitException($"No summary row '{label}' on the page.");

    static string PageTotal(string page) => WebUtility.HtmlDecode(TotalPattern().Match(page).Groups[1].Value);

    [GeneratedRegex(@"<td class=""amount total"">([^<]+)</td>")]
    private static partial Regex TotalPattern();

    [Fact]
    public async Task Summary_ListsEveryPartOfTheTotal_AndTheTotalShownIsAmountTotal()
    {
        var session = await SessionAsync("""
            "tax_rate": {"amount": 377},
            "shipping_options": {"shipping_rate_data": {"display_name": "Standard", "amount": 495}},
            "fees": [{"amount": 150, "name": "Handling", "description": "Packing", "fee_type": "custom"}],
            "discounts": [{"coupon_data": {"name": "Ten off", "amount_off": 1000}}]
            """);
        var page = await (await _page.GetAsync(session.Id())).Content.ReadAsStringAsync();

        Assert.Equal("$50.00", Row(page, "Subtotal"));
        Assert.Equal("−$10.00", Row(page, "Discount: Ten off"));
        Assert.Equal("$4.95", Row(page, "Shipping: Standard"));
        Assert.Equal("$3.77", Row(page, "Tax"));
        Assert.Equal("$1.50", Row(page, "Handling (Packing)"));
        Assert.Equal(Currency.Format(session.GetProperty("amount_total").GetInt64(), "usd"), PageTotal(page));
        Assert.Equal("$50.22", PageTotal(page));
        Assert.Contains("Pay $50.22", page);
        // One option: nothing to choose, so no radio group.
        Assert.DoesNotContain("type=\"radio\"", page);
    }

    [Fact]
    public async Task SeveralShippingOptions_AreARadioGroup_AndAnotherChoiceShowsTheNewTotalBeforeAnythingIsCharged()
    {
        var session = await SessionAsync(TwoShippingOptions);
        var options = session.GetProperty("available_shipping_options").EnumerateArray().Select(o => o.GetProperty("shipping_rate_id").GetString()!).ToList();
        var page = await (await _page.GetAsync(session.Id())).Content.ReadAsStringAsync();
        Assert.Contains("<legend>Shipping method</legend>", page);
        Assert.Matches($@"<input type=""radio"" name=""shipping_rate"" value=""{options[0]}"" checked=""checked"">\s*Standard — \$5.00", page);
        Assert.Matches($@"<input type=""radio"" name=""shipping_rate"" value=""{options[1]}"">\s*Express — \$15.00", page);
        Assert.Equal("$55.00", PageTotal(page));

        // Pay pressed with Express chosen: the choice is saved, the new total shown, nothing charged.
        var changed = await _page.SubmitFieldsAsync(session.Id(), new Dictionary<string, string?> { ["shipping_rate"] = options[1] });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var shown = await changed.Content.ReadAsStringAsync();
        Assert.Contains("role=\"status\"", shown);
        Assert.Contains("Your total is $65.00", shown);
        Assert.Equal("$65.00", PageTotal(shown));
        Assert.Matches($@"value=""{options[1]}"" checked=""checked""", shown);
        Assert.Contains("value=\"buyer@example.com\"", shown); // typed values kept
        var stored = await _merchant.GetSessionAsync(session.Id());
        Assert.Equal("open", stored.Status());
        Assert.Equal(6500, stored.GetProperty("amount_total").GetInt64());
        Assert.Equal(1500, stored.GetProperty("total_details").GetProperty("amount_shipping").GetInt64());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));

        // Pay again with the same choice: charged the total that was shown.
        var paid = await _page.SubmitFieldsAsync(session.Id(), new Dictionary<string, string?> { ["shipping_rate"] = options[1] });
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal(6500, intent.GetProperty("amount_received").GetInt64());
        Assert.Equal(options[1], (await _merchant.GetSessionAsync(session.Id())).GetProperty("shipping_options").GetProperty("shipping_rate_id").GetString());
    }

    [Fact]
    public async Task ShippingUpdate_FromTheScript_SavesTheChoiceWithoutCheckingTheCard()
    {
        var session = await SessionAsync(TwoShippingOptions);
        var express = session.GetProperty("available_shipping_options")[1].GetProperty("shipping_rate_id").GetString();
        var updated = await _page.SubmitFieldsAsync(session.Id(), new Dictionary<string, string?>
        {
            ["shipping_rate"] = express, ["update_shipping"] = "1", ["card_number"] = "", ["expiry"] = "", ["cvc"] = "",
        });
        var shown = await updated.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.DoesNotContain("field-error", shown);
        Assert.Equal("$65.00", PageTotal(shown));
        Assert.Equal(6500, (await _merchant.GetSessionAsync(session.Id())).GetProperty("amount_total").GetInt64());

        var bogus = await _page.SubmitFieldsAsync(session.Id(), new Dictionary<string, string?> { ["shipping_rate"] = "fshr_01HW6FC7ZYWNW4XFSE1KMD8JDW" });
        Assert.Contains("id=\"shipping_rate-error\"", await bogus.Content.ReadAsStringAsync());
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
    }

    [Fact]
    public async Task AddressCollection_HasLabelledFields_ShowsErrorsNextToThem_AndStoresShippingDetails()
    {
        var session = await SessionAsync(""" "shipping_address_collection": {"allowed_countries": ["US", "CA"]}""");
        var page = await (await _page.GetAsync(session.Id())).Content.ReadAsStringAsync();
        Assert.Contains("<legend>Shipping address</legend>", page);
        foreach (var (id, label) in new[] { ("shipping_line1", "Address line 1"), ("shipping_line2", "Address line 2 (optional)"),
                     ("shipping_city", "City"), ("shipping_state", "State / Province"), ("shipping_postal_code", "Postal code"), ("shipping_country", "Country") })
            Assert.Contains($"<label for=\"{id}\">{WebUtility.HtmlEncode(label)}</label>", page);

        var missing = await _page.SubmitFieldsAsync(session.Id(), new Dictionary<string, string?> { ["shipping_line2"] = "Apt 4" });
        var shown = await missing.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        foreach (var id in new[] { "shipping_line1", "shipping_city", "shipping_postal_code", "shipping_country" })
        {
            Assert.Contains($"id=\"{id}-error\"", shown);
            Assert.Contains($"aria-describedby=\"{id}-error\"", shown);
        }
        Assert.DoesNotContain("id=\"shipping_line2-error\"", shown);
        Assert.Contains("value=\"Apt 4\"", shown);
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));

        var address = new Dictionary<string, string?>
        {
            ["shipping_line1"] = "1 Main St", ["shipping_line2"] = "Apt 4", ["shipping_city"] = "Springfield", ["shipping_state"] = "IL",
            ["shipping_postal_code"] = "62701", ["shipping_country"] = "fr",
        };
        var notShipped = await (await _page.SubmitFieldsAsync(session.Id(), address)).Content.ReadAsStringAsync();
        Assert.Contains("We ship only to US, CA.", notShipped);

        address["shipping_country"] = "us";
        Assert.Equal(HttpStatusCode.SeeOther, (await _page.SubmitFieldsAsync(session.Id(), address)).StatusCode);
        var details = (await _merchant.GetSessionAsync(session.Id())).GetProperty("shipping_details");
        Assert.Equal("Jane Buyer", details.GetProperty("name").GetString());
        var stored = details.GetProperty("address");
        Assert.Equal(["1 Main St", "Apt 4", "Springfield", "IL", "62701", "US"],
            new[] { "line1", "line2", "city", "state", "postal_code", "country" }.Select(f => stored.GetProperty(f).GetString()));
        var completed = Assert.Single(await Features.Refunds.Paid.EventsAsync(_merchant, "checkout.session.completed"));
        Assert.Equal("Springfield", completed.GetProperty("object").GetProperty("checkout_session").GetProperty("shipping_details")
            .GetProperty("address").GetProperty("city").GetString());
    }
}

public sealed class CheckoutExtrasPageTestsOnSqlite() : CheckoutExtrasPageTests(DatabaseProvider.Sqlite);
public sealed class CheckoutExtrasPageTestsOnPostgres() : CheckoutExtrasPageTests(DatabaseProvider.Postgres);
