using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.TestClocks;

sealed class TestClockConfiguration : IEntityTypeConfiguration<TestClock>
{
    public void Configure(EntityTypeBuilder<TestClock> e)
    {
        e.ToTable("TestClocks");
        e.HasIndex(c => new { c.AccountId, c.TestMode, c.Id });
        // The advancers' claim: clocks with an advance to run.
        e.HasIndex(c => c.Status);
    }
}

static class TestClocksTables
{
    extension(CheckoutDb db)
    {
        public DbSet<TestClock> TestClocks => db.Set<TestClock>();
    }
}
