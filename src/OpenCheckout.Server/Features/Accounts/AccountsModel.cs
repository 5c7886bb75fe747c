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
        e.Property(a => a.Name).HasMaxLength(Brand.NameLength);
        e.Property(a => a.SupportEmail).HasMaxLength(Brand.SupportEmailLength);
        e.Property(a => a.BrandColor).HasMaxLength(7);
        e.Property(a => a.LogoVersion).HasMaxLength(Brand.VersionLength);
    }
}

sealed class AccountLogoConfiguration : IEntityTypeConfiguration<AccountLogo>
{
    public void Configure(EntityTypeBuilder<AccountLogo> e)
    {
        e.ToTable("AccountLogos");
        e.HasKey(l => l.AccountId);
        e.Property(l => l.AccountId).HasMaxLength(40);
        e.Property(l => l.ContentType).HasMaxLength(20);
        e.Property(l => l.Version).HasMaxLength(Brand.VersionLength);
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
        public DbSet<AccountLogo> AccountLogos => db.Set<AccountLogo>();
    }
}
