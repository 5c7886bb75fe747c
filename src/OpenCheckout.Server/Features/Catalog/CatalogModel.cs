using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Catalog;

sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> e)
    {
        e.ToTable("Products");
        e.HasIndex(p => new { p.AccountId, p.TestMode, p.Id });
        e.Property(p => p.Metadata).HasJsonConversion();
        e.Property(p => p.ImageUrls).HasJsonConversion();
        e.Property(p => p.Categories).HasJsonConversion();
    }
}

sealed class PriceConfiguration : IEntityTypeConfiguration<Price>
{
    public void Configure(EntityTypeBuilder<Price> e)
    {
        e.ToTable("Prices");
        e.HasIndex(p => new { p.AccountId, p.TestMode, p.Id });
        e.HasIndex(p => new { p.AccountId, p.TestMode, p.ProductId });
        e.Property(p => p.Metadata).HasJsonConversion();
        e.Property(p => p.Interval).HasConversion<string>().HasMaxLength(8);
        e.Ignore(p => p.Recurrence);
    }
}

sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> e)
    {
        e.ToTable("Coupons");
        e.HasIndex(c => new { c.AccountId, c.TestMode, c.Id });
        e.Ignore(c => c.Valid);
        e.Property(c => c.AppliesToPrices).HasJsonConversion();
        e.Property(c => c.AppliesToProducts).HasJsonConversion();
        e.Property(c => c.Metadata).HasJsonConversion();
    }
}

sealed class PromoCodeConfiguration : IEntityTypeConfiguration<PromoCode>
{
    public void Configure(EntityTypeBuilder<PromoCode> e)
    {
        e.ToTable("PromoCodes");
        e.HasIndex(p => new { p.AccountId, p.TestMode, p.Id });
        // One active code per spelling (any case) in an account's mode; an inactive one may share it.
        e.HasIndex(p => new { p.AccountId, p.TestMode, p.CodeKey }).IsUnique().HasFilter("\"Active\"");
        e.Property(p => p.Metadata).HasJsonConversion();
    }
}

sealed class ShippingRateConfiguration : IEntityTypeConfiguration<ShippingRate>
{
    public void Configure(EntityTypeBuilder<ShippingRate> e)
    {
        e.ToTable("ShippingRates");
        e.HasIndex(r => new { r.AccountId, r.TestMode, r.Id });
        e.Property(r => r.Metadata).HasJsonConversion();
    }
}

static class CatalogTables
{
    extension(CheckoutDb db)
    {
        public DbSet<Product> Products => db.Set<Product>();
        public DbSet<Price> Prices => db.Set<Price>();
        public DbSet<Coupon> Coupons => db.Set<Coupon>();
        public DbSet<PromoCode> PromoCodes => db.Set<PromoCode>();
        public DbSet<ShippingRate> ShippingRates => db.Set<ShippingRate>();
    }
}
