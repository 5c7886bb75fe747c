using Microsoft.EntityFrameworkCore;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>For a unit of work that deletes data a past day counts (the test data reset, a deleted webhook endpoint's
/// delivery attempts): moves the account's <c>HomeDaysVersion</c> on, so the dashboard's kept days of that account
/// (Features/Dashboard/HomeDays) are computed again. Here, below the features, so that a feature deleting data need not
/// depend on the dashboard (which depends on it), nor the dashboard on the accounts feature (which depends on it).</summary>
public static class KeptFigures
{
    /// <summary>The account's version: days kept under another one are not read.</summary>
    public static Task<int> KeptFiguresVersionAsync(this CheckoutDb db, string accountId, CancellationToken ct) =>
        db.Database.SqlQuery<int>($"""SELECT "HomeDaysVersion" AS "Value" FROM "Accounts" WHERE "Id" = {accountId}""").SingleAsync(ct);

    public static Task ForgetKeptFiguresAsync(this CheckoutDb db, string accountId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""UPDATE "Accounts" SET "HomeDaysVersion" = "HomeDaysVersion" + 1 WHERE "Id" = {accountId}""", ct);
}
