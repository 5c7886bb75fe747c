using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Settings → Team in Chromium: an owner adds a user (who signs in with the password shown once), changes a role
/// and removes a user, and each change ends that user's open sign-in; an admin sees the team but cannot change it (a forged
/// post is a 403 and changes nothing); the last owner can be neither demoted nor removed.</summary>
public abstract class DashboardSettingsTeamTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    async Task<BrowserTab> TeamPageAsync(string role)
    {
        var tab = await SignedInAsync(role);
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Settings" }).GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/settings/team");
        return tab;
    }

    async Task<BrowserTab> SignInAsync(string email, string password)
    {
        var tab = await OpenTabAsync();
        await tab.Page.GotoAsync(Url("/dashboard/sign-in"));
        await tab.Page.GetByLabel("Email").FillAsync(email);
        await tab.Page.GetByLabel("Password").FillAsync(password);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test");
        return tab;
    }

    /// <summary>True when the tab's sign-in no longer works: the next page sends it to the sign-in form.</summary>
    async Task<bool> SignedOutAsync(BrowserTab tab)
    {
        await tab.Page.GotoAsync(Url("/dashboard/test/payments"));
        return new Uri(tab.Page.Url).AbsolutePath == "/dashboard/sign-in";
    }

    async Task<List<DashboardUser>> TeamAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardUsers>().TeamAsync(Merchant.AccountId, CancellationToken.None);
    }

    async Task<string> IdOfAsync(string email) => (await TeamAsync()).Single(u => u.Email == email).Id;

    static ILocator Row(BrowserTab tab, string email) => tab.Page.Locator("tbody tr", new() { HasText = email });

    [Fact]
    public async Task AnOwnerAddsADeveloperWhoSignsIn_ChangesARole_AndRemovesAUser_EndingTheirSignIns()
    {
        await using var tab = await TeamPageAsync(DashboardRole.Owner);
        await Assertions.Expect(tab.Page.Locator("tbody tr")).ToHaveCountAsync(DashboardRole.All.Length);

        await tab.Page.GetByLabel("Email", new() { Exact = true }).FillAsync("Dev2@Tea.example");
        await tab.Page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(DashboardRole.Developer);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added dev2@tea.example as developer.");
        var password = await tab.Page.GetByLabel("Password for dev2@tea.example").InputValueAsync();
        Assert.True(password.Length >= DashboardUsers.MinPasswordLength);
        await Assertions.Expect(Row(tab, "dev2@tea.example")).ToContainTextAsync("developer");

        await using var newcomer = await SignInAsync("dev2@tea.example", password);
        await Assertions.Expect(newcomer.Page.GetByText("dev2@tea.example (developer)")).ToBeVisibleAsync();
        await tab.Page.ReloadAsync();
        Assert.Equal(0, await tab.Page.GetByLabel("Password for dev2@tea.example").CountAsync()); // shown once
        Assert.DoesNotContain(password, await tab.Page.ContentAsync());

        // A new role ends the user's sign-in; signing in again gives the new role.
        await using var viewer = await SignedInAsync(DashboardRole.Viewer);
        await Row(tab, EmailOf(DashboardRole.Viewer)).GetByLabel($"Role of {EmailOf(DashboardRole.Viewer)}", new() { Exact = true }).SelectOptionAsync(DashboardRole.Admin);
        await Row(tab, EmailOf(DashboardRole.Viewer)).GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{EmailOf(DashboardRole.Viewer)} is now admin; their sign-ins have ended.");
        await Assertions.Expect(Row(tab, EmailOf(DashboardRole.Viewer))).ToContainTextAsync("admin");
        Assert.True(await SignedOutAsync(viewer));
        Assert.Equal(DashboardRole.Admin, (await TeamAsync()).Single(u => u.Email == EmailOf(DashboardRole.Viewer)).Role);
        await ScreenshotAsync(tab, "team");

        // Removing the newcomer ends their open session at once.
        await Row(tab, "dev2@tea.example").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Removed dev2@tea.example; their sign-ins have ended.");
        await Assertions.Expect(Row(tab, "dev2@tea.example")).ToHaveCountAsync(0);
        Assert.True(await SignedOutAsync(newcomer));
        Assert.DoesNotContain(await TeamAsync(), u => u.Email == "dev2@tea.example");
        Assert.False(await SignedOutAsync(tab));

        // Narrow phones: the team and settings pages do not scroll sideways (the table scrolls within its own box).
        await tab.Page.SetViewportSizeAsync(360, 800);
        foreach (var path in new[] { "/dashboard/test/settings/team", "/dashboard/test/settings" })
        {
            await tab.Page.GotoAsync(Url(path));
            Assert.True(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                $"{path} scrolls horizontally at 360 px.");
        }
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AddingATakenOrInvalidEmail_IsRefused400_AndAddsNobody()
    {
        await using var tab = await TeamPageAsync(DashboardRole.Owner);
        await tab.Page.GetByLabel("Email", new() { Exact = true }).FillAsync(EmailOf(DashboardRole.Admin));
        var refused = await tab.Page.RunAndWaitForResponseAsync(
            () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("A dashboard user with that email already exists.");

        var forged = await ForgedPostAsync(tab, "/dashboard/test/settings/team?handler=add", new() { ["email"] = "new@tea.example", ["role"] = "superuser" });
        Assert.Equal(400, forged.Status);
        Assert.Contains("Role must be one of owner, admin, developer, viewer.", await forged.TextAsync());
        Assert.Equal(DashboardRole.All.Length, (await TeamAsync()).Count);
    }

    [Fact]
    public async Task AnAdminSeesTheTeamButCannotManageIt_AndForgedPostsAre403AndChangeNothing()
    {
        await using var tab = await TeamPageAsync(DashboardRole.Admin);
        await Assertions.Expect(tab.Page.Locator("tbody tr")).ToHaveCountAsync(DashboardRole.All.Length);
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).CountAsync());
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Remove" }).CountAsync());
        await Assertions.Expect(tab.Page.GetByText("Only owners manage the team.")).ToBeVisibleAsync();
        var ownerId = await IdOfAsync(EmailOf(DashboardRole.Owner));
        var adminId = await IdOfAsync(EmailOf(DashboardRole.Admin));

        var promote = await ForgedPostAsync(tab, "/dashboard/test/settings/team?handler=role", new() { ["userId"] = adminId, ["role"] = DashboardRole.Owner });
        var demote = await ForgedPostAsync(tab, "/dashboard/live/settings/team?handler=role", new() { ["userId"] = ownerId, ["role"] = DashboardRole.Viewer });
        var remove = await ForgedPostAsync(tab, "/dashboard/test/settings/team?handler=remove", new() { ["userId"] = ownerId });
        var add = await ForgedPostAsync(tab, "/dashboard/test/settings/team?handler=add", new() { ["email"] = "sneaky@tea.example", ["role"] = DashboardRole.Owner });

        Assert.Equal([403, 403, 403, 403], new[] { promote.Status, demote.Status, remove.Status, add.Status });
        var team = await TeamAsync();
        Assert.Equal(DashboardRole.All.Length, team.Count);
        Assert.Equal(DashboardRole.Admin, team.Single(u => u.Id == adminId).Role);
        Assert.Equal(DashboardRole.Owner, team.Single(u => u.Id == ownerId).Role);
        Assert.False(await SignedOutAsync(tab));
    }

    [Fact]
    public async Task TheLastOwner_CanBeNeitherDemotedNorRemoved_UntilThereIsAnother()
    {
        await using var tab = await TeamPageAsync(DashboardRole.Owner);
        var owner = EmailOf(DashboardRole.Owner);
        await Row(tab, owner).GetByLabel($"Role of {owner}", new() { Exact = true }).SelectOptionAsync(DashboardRole.Admin);
        var demote = await tab.Page.RunAndWaitForResponseAsync(
            () => Row(tab, owner).GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, demote!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            $"{owner} is the account's last owner and cannot be demoted: make another user an owner first.");

        var remove = await tab.Page.RunAndWaitForResponseAsync(
            () => Row(tab, owner).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, remove!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("last owner and cannot be removed");
        Assert.Equal(DashboardRole.Owner, (await TeamAsync()).Single(u => u.Email == owner).Role);
        Assert.False(await SignedOutAsync(tab)); // refused changes leave the sign-in alone

        // With a second owner, the first may step down (which ends their own sign-in).
        await tab.Page.GotoAsync(Url("/dashboard/test/settings/team"));
        var admin = EmailOf(DashboardRole.Admin);
        await Row(tab, admin).GetByLabel($"Role of {admin}", new() { Exact = true }).SelectOptionAsync(DashboardRole.Owner);
        await Row(tab, admin).GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{admin} is now owner");
        await Row(tab, owner).GetByLabel($"Role of {owner}", new() { Exact = true }).SelectOptionAsync(DashboardRole.Admin);
        await Row(tab, owner).GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/sign-in**");
        var team = await TeamAsync();
        Assert.Equal(DashboardRole.Admin, team.Single(u => u.Email == owner).Role);
        Assert.Equal(admin, team.Single(u => u.Role == DashboardRole.Owner).Email);
        Assert.All(tab.Errors, e => Assert.Contains("status of 400", e));
    }
}

public sealed class DashboardSettingsTeamTestsOnSqlite(BrowserFixture browser) : DashboardSettingsTeamTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardSettingsTeamTestsOnPostgres(BrowserFixture browser) : DashboardSettingsTeamTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
