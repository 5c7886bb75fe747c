using OpenCheckout.Server.Infrastructure.Nodes;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.TestClocks;

static class TestClocksSetup
{
    public static void AddTestClocks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IObjectClock, ObjectClock>();
        builder.Services.AddSingleton<TestClockSignal>();
        builder.Services.AddSingleton<IReleasesDeadInstanceWork, DeadInstanceClocks>();
        builder.Services.AddSingleton<TestClockAdvancer>();
        builder.Services.AddHostedService(s => s.GetRequiredService<TestClockAdvancer>());
    }
}
