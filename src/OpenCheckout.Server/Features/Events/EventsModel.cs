using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Events;

sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> e)
    {
        e.ToTable("Events");
        e.HasIndex(x => new { x.AccountId, x.TestMode, x.Id });
        e.HasIndex(x => new { x.AccountId, x.TestMode, x.Type, x.Id });
        // A session's timeline, in order. Partial: events about no session (disputes, customers) write no entry here.
        e.HasIndex(x => new { x.AccountId, x.TestMode, x.SessionId, x.Id }).HasFilter("\"SessionId\" IS NOT NULL");
        e.Property(x => x.SessionId).HasMaxLength(30);
        // Only events waiting for their deliveries are in it: it stays as small as the backlog.
        e.HasIndex(x => x.FanOutDueAt).HasFilter("\"FanOutDueAt\" IS NOT NULL");
    }
}

static class EventsTables
{
    extension(CheckoutDb db)
    {
        public DbSet<Event> Events => db.Set<Event>();
    }
}
