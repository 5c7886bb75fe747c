namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>What a dashboard action touches; <see cref="DashboardPermissions.Allows"/> decides it by role and mode.</summary>
public enum DashboardAction
{
    /// <summary>Read any page.</summary>
    View,
    /// <summary>Refund or capture a payment.</summary>
    MoveMoney,
    /// <summary>Expire an open checkout session.</summary>
    ChangeSessions,
    /// <summary>Create, edit or retire products, prices, coupons and shipping rates.</summary>
    EditCatalog,
    /// <summary>API keys, webhook endpoints, redeliveries.</summary>
    ManageDevelopers,
    /// <summary>Delete every test-mode object of the account.</summary>
    DeleteTestData,
    /// <summary>The account's name, support email, brand colour and logo.</summary>
    EditSettings,
    /// <summary>Add, change and remove dashboard users.</summary>
    ManageTeam,
    /// <summary>Connect, check or disconnect the account's live processor (its secret keys).</summary>
    ManageProcessor,
}

/// <summary>The role × mode × action table of docs/dashboard.md, enforced on the server for every POST (a forged form
/// gets a 403, whatever the page showed). Live money and live data are for owners and admins; developers run the
/// integration (keys, webhooks) in both modes and everything else in test mode only; viewers read.</summary>
public static class DashboardPermissions
{
    public static bool Allows(string role, bool testMode, DashboardAction action) => (role, action) switch
    {
        (_, DashboardAction.View) => DashboardRole.All.Contains(role),
        (_, DashboardAction.DeleteTestData) => testMode && role is DashboardRole.Owner or DashboardRole.Admin or DashboardRole.Developer,
        (DashboardRole.Owner, _) => true,
        (DashboardRole.Admin, DashboardAction.ManageTeam or DashboardAction.ManageProcessor) => false,
        (DashboardRole.Admin, _) => true,
        (DashboardRole.Developer, DashboardAction.ManageDevelopers) => true,
        (DashboardRole.Developer, DashboardAction.MoveMoney or DashboardAction.ChangeSessions or DashboardAction.EditCatalog) => testMode,
        _ => false,
    };
}
