using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Accounts;

sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> e)
    {
        e.ToTable("Accounts");
        e.Property(a => a.Id).HasMaxLength(40);
        e.Property(a => a.Name).HasMaxLength(200);
    }
}

sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> e)
    {
        e.ToTable("ApiKeys");
        e.Property(k => k.Id).HasMaxLength(40);
        e.HasIndex(k => k.AccountId);
    }
}

static class AccountsTables
{
    extension(CheckoutDb db)
    {
        public DbSet<Account> Accounts => db.Set<Account>();
        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();
    }
}
