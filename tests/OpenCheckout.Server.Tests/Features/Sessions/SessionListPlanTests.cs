using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>The SQLite session store's list statements (<see cref="SessionListQuery"/>), held to their query plans.</summary>
public sealed class SessionListPlanTests : IAsyncLifetime
{
    readonly TestApp _app = new();
    TestMerchant _merchant = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        var price = await _merchant.CreatePriceAsync(2000);
        using var api = _merchant.Api();
        var created = await api.PostJsonAsync("/v1/checkout/sessions",
            $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{price}}","quantity":1}],"client_reference_id":"cart-42"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Without an index that holds the matches newest first, a filtered page walks the account's sessions newest
    /// first until it has found a page (a rare match among a million sessions reads them all), or sorts every match.
    /// Each filter's SQL, as the endpoint builds it, must seek an index; only the expired filter's second half (open
    /// sessions past expires_at that no sweep has reached: few) is sorted.</summary>
    [Theory]
    [InlineData("", "SEARCH CheckoutSessions USING INDEX IX_CheckoutSessions_AccountId_TestMode_Id (AccountId=? AND TestMode=? AND Id<?)")]
    [InlineData("client_reference_id=cart-42", "SEARCH CheckoutSessions USING INDEX IX_CheckoutSessions_AccountId_TestMode_ClientReferenceId_Id "
        + "(AccountId=? AND TestMode=? AND ClientReferenceId=? AND Id<?)")]
    [InlineData("payment_link=fplink_x", "SEARCH CheckoutSessions USING INDEX IX_CheckoutSessions_AccountId_TestMode_PaymentLinkId_Id "
        + "(AccountId=? AND TestMode=? AND PaymentLinkId=? AND Id<?)")]
    [InlineData("status=open", "SEARCH CheckoutSessions USING INDEX IX_CheckoutSessions_AccountId_TestMode_Status_Id "
        + "(AccountId=? AND TestMode=? AND Status=? AND Id<?)")]
    [InlineData("status=complete", "SEARCH CheckoutSessions USING INDEX IX_CheckoutSessions_AccountId_TestMode_Status_Id "
        + "(AccountId=? AND TestMode=? AND Status=? AND Id<?)")]
    [InlineData("status=expired", "MERGE (UNION ALL)", "LEFT",
        "SEARCH CheckoutSessions USING INDEX IX_CheckoutSessions_AccountId_TestMode_Status_Id (AccountId=? AND TestMode=? AND Status=? AND Id<?)",
        "RIGHT", "SEARCH CheckoutSessions USING INDEX IX_CheckoutSessions_Status_ExpiresAt (Status=? AND ExpiresAt<?)",
        "USE TEMP B-TREE FOR ORDER BY")]
    public async Task List_Filtered_SeeksAnIndexInIdOrder(string filter, params string[] expectedPlan)
    {
        var query = new QueryCollection(QueryHelpers.ParseQuery(filter + "&starting_after=fcs_x"));
        Assert.Equal(expectedPlan, await PlanAsync(query));
    }

    [Theory]
    [InlineData("created[gte]=1700000000", "(AccountId=? AND TestMode=? AND Id>?)")]
    [InlineData("created[lte]=1700000000", "(AccountId=? AND TestMode=? AND Id<?)")]
    [InlineData("created[gte]=1700000000&created[lte]=1800000000", "(AccountId=? AND TestMode=? AND Id>? AND Id<?)")]
    public async Task List_FilteredByCreated_SeeksTheIdIndexToTheBound(string filter, string expectedSearch)
    {
        var plan = await PlanAsync(new QueryCollection(QueryHelpers.ParseQuery(filter)));
        Assert.Equal(["SEARCH CheckoutSessions USING INDEX IX_CheckoutSessions_AccountId_TestMode_Id " + expectedSearch], plan);
    }

    async Task<List<string>> PlanAsync(IQueryCollection query)
    {
        var filter = SessionListFilter.Parse(query, out var error);
        Assert.Null(error);
        var page = SessionListQuery.For(filter!, ListParams.Parse(query).Params!, new Merchant(_merchant.AccountId, TestMode: true), TestApp.Start);

        await using var connection = new SqliteConnection(SqliteSetup.ConnectionString(_app.DatabasePath, pooling: false));
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN SELECT * " + page.Sql;
        for (var i = 0; i < page.Values.Length; i++) explain.Parameters.AddWithValue("@p" + i, page.Values[i]);
        var plan = new List<string>();
        await using (var rows = await explain.ExecuteReaderAsync())
            while (await rows.ReadAsync()) plan.Add(rows.GetString(3));
        return plan;
    }

}
