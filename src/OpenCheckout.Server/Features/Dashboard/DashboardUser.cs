namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>A person who signs in to <c>/dashboard</c> for one account, with one <see cref="Role"/>. The password is stored
/// as ASP.NET Core Identity's hash (PBKDF2); <see cref="SecurityStamp"/> changes when the password, role or membership
/// does, which ends every sign-in made before.</summary>
public sealed class DashboardUser
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>Lower-case; unique across the server, since a sign-in names no account.</summary>
    public required string Email { get; init; }
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }
    public required string SecurityStamp { get; set; }
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime? LastSignInAt { get; set; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>What a dashboard user may do: <c>docs/dashboard.md</c> has the table, <see cref="DashboardPermissions"/> enforces it.</summary>
public static class DashboardRole
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Developer = "developer";
    public const string Viewer = "viewer";

    public static readonly string[] All = [Owner, Admin, Developer, Viewer];
}
