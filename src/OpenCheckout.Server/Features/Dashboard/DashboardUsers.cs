using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>Dashboard users: creation (the first owner at first start, the <c>users create</c> command, the team page),
/// and sign-in with lockout. Passwords go through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
public sealed class DashboardUsers(IUnitOfWork writes, CheckoutDb db, TimeProvider clock)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 12;

    static readonly PasswordHasher<DashboardUser> Hasher = new();
    // Hashed when no user has the email, so a wrong email costs the same time as a wrong password.
    static readonly string DecoyHash = Hasher.HashPassword(null!, "decoy password, never a user's");

    public sealed record Created(DashboardUser User, string Password);

    public abstract record SignInResult
    {
        public sealed record SignedIn(DashboardUser User) : SignInResult;
        public sealed record Refused : SignInResult;
        public sealed record LockedOut(DateTime Until) : SignInResult;
    }

    /// <summary>Adds a user to the unit of work on <paramref name="db"/>; a password is generated when none is given.
    /// Null when the email is taken.</summary>
    public async Task<Created?> AddAsync(CheckoutDb db, string accountId, string email, string role, string? password, CancellationToken ct)
    {
        email = Normalize(email);
        if (await db.DashboardUsers.AnyAsync(u => u.Email == email, ct)) return null;
        password ??= GeneratePassword();
        var now = clock.GetUtcNow();
        var user = new DashboardUser
        {
            Id = ObjectId.New(ObjectId.DashboardUser, now),
            AccountId = accountId,
            Email = email,
            Role = role,
            PasswordHash = "",
            SecurityStamp = NewStamp(),
            CreatedAt = now.UtcDateTime,
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.DashboardUsers.Add(user);
        return new Created(user, password);
    }

    public Task<Created?> CreateAsync(string accountId, string email, string role, string? password = null, CancellationToken ct = default) =>
        writes.RunAsync((db, ct) => AddAsync(db, accountId, email, role, password, ct), ct);

    /// <summary>Checks the password; five failures in a row lock the user out for 15 minutes (counted in the database, so
    /// every node agrees), and a locked user is refused even with the right password.</summary>
    public async Task<SignInResult> SignInAsync(string email, string password, CancellationToken ct)
    {
        email = Normalize(email);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.DashboardUsers.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, ct);
        if (user is null)
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return new SignInResult.Refused();
        }
        if (user.LockedUntil > now) return new SignInResult.LockedOut(user.LockedUntil.Value);
        var verified = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        return await writes.RunAsync<SignInResult>(async (db, ct) =>
        {
            var users = db.DashboardUsers.Where(u => u.Id == user.Id);
            if (verified == PasswordVerificationResult.Failed)
            {
                // One statement adds the failure and locks at the fifth, however many attempts race.
                await users.ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.FailedSignIns, x => x.FailedSignIns + 1 >= MaxFailedSignIns ? 0 : x.FailedSignIns + 1)
                    .SetProperty(x => x.LockedUntil, x => x.FailedSignIns + 1 >= MaxFailedSignIns ? now + LockoutPeriod : x.LockedUntil), ct);
                return new SignInResult.Refused();
            }
            var newHash = verified == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password) : user.PasswordHash;
            await users.ExecuteUpdateAsync(u => u
                .SetProperty(x => x.FailedSignIns, 0)
                .SetProperty(x => x.LastSignInAt, now)
                .SetProperty(x => x.PasswordHash, newHash), ct);
            return new SignInResult.SignedIn(user);
        }, ct);
    }

    /// <summary>The user a sign-in cookie names, if it is still valid: same security stamp (not removed, no new password or role).</summary>
    public Task<DashboardUser?> FindSignedInAsync(string id, string stamp, CancellationToken ct) =>
        db.DashboardUsers.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.SecurityStamp == stamp, ct);

    /// <summary>What a team change did.</summary>
    public enum TeamChange { Done, NotFound, Unchanged, LastOwner }

    /// <summary>The account's users, by email.</summary>
    public Task<List<DashboardUser>> TeamAsync(string accountId, CancellationToken ct) =>
        db.DashboardUsers.AsNoTracking().Where(u => u.AccountId == accountId).OrderBy(u => u.Email).ToListAsync(ct);

    /// <summary>Gives the user <paramref name="role"/> and a new security stamp, which ends their sign-ins; the account's
    /// last owner keeps the role.</summary>
    public Task<TeamChange> ChangeRoleAsync(string accountId, string userId, string role, CancellationToken ct) => writes.RunAsync(async (db, ct) =>
    {
        await db.LockUntilCommitAsync($"dashboard-team:{accountId}", ct);
        var user = await db.DashboardUsers.FirstOrDefaultAsync(u => u.Id == userId && u.AccountId == accountId, ct);
        if (user is null) return TeamChange.NotFound;
        if (user.Role == role) return TeamChange.Unchanged;
        if (user.Role == DashboardRole.Owner && !await HasAnotherOwnerAsync(db, user, ct)) return TeamChange.LastOwner;
        user.Role = role;
        user.SecurityStamp = NewStamp();
        return TeamChange.Done;
    }, ct);

    /// <summary>Removes the user, which ends their sign-ins; the account's last owner stays.</summary>
    public Task<TeamChange> RemoveAsync(string accountId, string userId, CancellationToken ct) => writes.RunAsync(async (db, ct) =>
    {
        await db.LockUntilCommitAsync($"dashboard-team:{accountId}", ct);
        var user = await db.DashboardUsers.FirstOrDefaultAsync(u => u.Id == userId && u.AccountId == accountId, ct);
        if (user is null) return TeamChange.NotFound;
        if (user.Role == DashboardRole.Owner && !await HasAnotherOwnerAsync(db, user, ct)) return TeamChange.LastOwner;
        db.DashboardUsers.Remove(user);
        return TeamChange.Done;
    }, ct);

    // Under the team lock (PostgreSQL) or the single writer (SQLite), so two owners cannot demote each other at once.
    static Task<bool> HasAnotherOwnerAsync(CheckoutDb db, DashboardUser user, CancellationToken ct) =>
        db.DashboardUsers.AnyAsync(u => u.AccountId == user.AccountId && u.Role == DashboardRole.Owner && u.Id != user.Id, ct);

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    static string GeneratePassword() => RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
}
