namespace OpenCheckout.Server.Features.Events;

static class EventsSetup
{
    public static void AddEvents(this WebApplicationBuilder builder) => builder.Services.AddSingleton<EventLog>();
}
