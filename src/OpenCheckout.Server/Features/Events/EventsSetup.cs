using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCheckout.Server.Features.Events;

static class EventsSetup
{
    public static void AddEvents(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<EventLog>();
        services.AddSingleton<EventSignal>();
        services.AddSingleton<IInterceptor, SignalOnEvents>();
        services.AddSingleton<EventStreams>();
    }
}
