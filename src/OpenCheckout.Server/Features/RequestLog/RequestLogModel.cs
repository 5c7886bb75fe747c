using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.RequestLog;

sealed class RequestLogEntryConfiguration : IEntityTypeConfiguration<RequestLogEntry>
{
    public void Configure(EntityTypeBuilder<RequestLogEntry> e)
    {
        e.ToTable("RequestLog");
        e.Property(r => r.Id).HasMaxLength(40);
        e.Property(r => r.AccountId).HasMaxLength(40);
        e.Property(r => r.Method).HasMaxLength(RequestLogEntry.MethodLength);
        e.Property(r => r.Path).HasMaxLength(RequestLogEntry.PathLength);
        e.Property(r => r.RequestId).HasMaxLength(RequestLogEntry.RequestIdLength);
        // The page: one account's mode, newest first, cursor on the id (a ULID of the request's time). Filters are checked
        // on the rows this range walks; retention deletes by the primary key's range.
        e.HasIndex(r => new { r.AccountId, r.TestMode, r.Id });
    }
}

static class RequestLogTables
{
    extension(CheckoutDb db)
    {
        public DbSet<RequestLogEntry> RequestLog => db.Set<RequestLogEntry>();
    }
}
