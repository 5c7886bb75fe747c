using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Dashboard;

sealed class DashboardUserConfiguration : IEntityTypeConfiguration<DashboardUser>
{
    public void Configure(EntityTypeBuilder<DashboardUser> e)
    {
        e.ToTable("DashboardUsers");
        e.Property(u => u.Id).HasMaxLength(40);
        e.Property(u => u.AccountId).HasMaxLength(40);
        e.Property(u => u.Email).HasMaxLength(320);
        e.Property(u => u.Role).HasMaxLength(20);
        e.Property(u => u.SecurityStamp).HasMaxLength(64);
        e.HasIndex(u => u.Email).IsUnique();
        e.HasIndex(u => u.AccountId);
    }
}

static class DashboardTables
{
    extension(CheckoutDb db)
    {
        public DbSet<DashboardUser> DashboardUsers => db.Set<DashboardUser>();
    }
}
