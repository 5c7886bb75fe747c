using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>Home's days: the figures of a closed day (one nothing can change any more) are computed once and kept in
/// <c>HomeDays</c>; only the open days at the end of the range are computed on each visit. A day closes a session's
/// longest lifetime (and an hour of clock difference between nodes) after its end: until then a session created that day
/// may still complete, and everything else a day counts (completions, events, refunds, delivery attempts) is stamped with
/// the time it happened, so it never lands in a day already past. Kept rows are not counters updated by each write: a
/// merchant's writes share no row, and several nodes never queue behind one.
///
/// Deleting data changes closed days too (the test data reset, a deleted webhook endpoint's attempts): those writes call
/// <see cref="KeptFigures.ForgetKeptFiguresAsync"/> in their unit of work, which moves the account to a new version, so rows kept under the old
/// one are never read again. A visit reads the version before it reads anything else, so a fill that raced a deletion is
/// kept under the version it read: the old one. Whoever adds a write that changes a past day (a refund that fails days
/// later, a test clock) calls it too.</summary>
public sealed class HomeDays(CheckoutDb db, IUnitOfWork writes, TimeProvider clock, IOptions<OpenCheckoutOptions> options,
    ILogger<HomeDays> log)
{
    static readonly TimeSpan ClockDifference = TimeSpan.FromHours(1);

    /// <summary>A session completes before it expires: at most the longer of the default lifetime and expires_at's 24
    /// hours after it was created.</summary>
    TimeSpan LongestSession => TimeSpan.FromHours(Math.Max(24, options.Value.Sessions.DefaultLifetime.TotalHours));

    /// <summary>Every day of <paramref name="range"/>, in order.</summary>
    public async Task<IReadOnlyList<HomeDay>> LoadAsync(Merchant merchant, DayRange range, CancellationToken ct)
    {
        var lastClosed = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime - LongestSession - ClockDifference).AddDays(-1);
        if (lastClosed < range.First) return await HomeDay.ComputeAsync(db, merchant, range, LongestSession, ct);
        var closed = new DayRange(range.First, lastClosed < range.Last ? lastClosed : range.Last);
        var days = await ClosedAsync(merchant, closed, ct);
        if (closed.Last < range.Last)
            days.AddRange(await HomeDay.ComputeAsync(db, merchant, new DayRange(closed.Last.AddDays(1), range.Last), LongestSession, ct));
        return days;
    }

    async Task<List<HomeDay>> ClosedAsync(Merchant merchant, DayRange range, CancellationToken ct)
    {
        var version = await db.KeptFiguresVersionAsync(merchant.AccountId, ct);
        var kept = (await db.HomeDays.AsNoTracking().Of(merchant, version)
                .Where(d => d.Day >= range.First && d.Day <= range.Last).Select(d => d.Figures).ToListAsync(ct))
            .ToDictionary(d => d.Day);
        var missing = range.Days.Where(day => !kept.ContainsKey(day)).ToList();
        if (missing.Count > 0)
        {
            // One query over the span of missing days: on a return visit, the days closed since the last one.
            var computed = (await HomeDay.ComputeAsync(db, merchant, new DayRange(missing[0], missing[^1]), LongestSession, ct))
                .Where(d => !kept.ContainsKey(d.Day)).ToList();
            try
            {
                await KeepAsync(merchant, version, computed, ct);
            }
            catch (Exception e) when (e.IsUnavailable())
            {
                // A busy or unreachable writer costs the page nothing: it shows what it computed, and a later visit keeps it.
                log.LogInformation(e, "Home's closed days were computed but not kept: the database took no write.");
            }
            foreach (var day in computed) kept[day.Day] = day;
        }
        return range.Days.Select(day => kept[day]).ToList();
    }

    /// <summary>Keeps the days another visit (on any node) has not kept meanwhile, and drops the rows of older versions.</summary>
    Task KeepAsync(Merchant merchant, int version, List<HomeDay> days, CancellationToken ct) => writes.RunAsync(async (db, ct) =>
    {
        var dates = days.Select(d => d.Day).ToList();
        var taken = await db.HomeDays.Of(merchant, version).Where(d => dates.Contains(d.Day)).Select(d => d.Day).ToListAsync(ct);
        db.HomeDays.AddRange(days.Where(d => !taken.Contains(d.Day)).Select(d => new KeptHomeDay
        {
            AccountId = merchant.AccountId, TestMode = merchant.TestMode, Version = version, Day = d.Day, Figures = d,
        }));
        await db.HomeDays.Where(d => d.AccountId == merchant.AccountId && d.TestMode == merchant.TestMode && d.Version < version)
            .ExecuteDeleteAsync(ct);
        return 0;
    }, ct);
}

/// <summary>A closed day's figures, kept under the account's <c>HomeDaysVersion</c> of when they were read.</summary>
public sealed class KeptHomeDay
{
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public int Version { get; init; }
    public DateOnly Day { get; init; }
    public required HomeDay Figures { get; init; }
}

sealed class KeptHomeDayConfiguration : IEntityTypeConfiguration<KeptHomeDay>
{
    public void Configure(EntityTypeBuilder<KeptHomeDay> e)
    {
        e.ToTable("HomeDays");
        e.HasKey(d => new { d.AccountId, d.TestMode, d.Version, d.Day });
        e.Property(d => d.AccountId).HasMaxLength(40);
        e.Property(d => d.Figures).HasJsonConversion(HomeDayJson.Default.HomeDay);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HomeDay))]
sealed partial class HomeDayJson : JsonSerializerContext;

static class HomeDaysTables
{
    extension(CheckoutDb db)
    {
        public DbSet<KeptHomeDay> HomeDays => db.Set<KeptHomeDay>();
    }

    public static IQueryable<KeptHomeDay> Of(this IQueryable<KeptHomeDay> days, Merchant merchant, int version) =>
        days.Where(d => d.AccountId == merchant.AccountId && d.TestMode == merchant.TestMode && d.Version == version);
}
