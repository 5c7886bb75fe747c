using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Nodes;

static class NodesSetup
{
    /// <summary>This node's identity and heartbeat. The name defaults to the machine and the addresses it listens on, so a
    /// restarted node is recognised as the one it was; set <c>OpenCheckout:Node:Name</c> where those change between runs.</summary>
    public static void AddNodes(this WebApplicationBuilder builder)
    {
        var name = builder.Configuration[$"{OpenCheckoutOptions.Section}:Node:Name"] is { Length: > 0 } configured
            ? configured
            : $"{Environment.MachineName} {builder.Configuration["urls"]}".Trim();
        builder.Services.AddSingleton(new ThisNode(name, soleNode: !builder.UsesPostgres()));
        builder.Services.AddSingleton<NodeSignals>();
        builder.Services.AddSingleton<NodeHeartbeat>();
        builder.Services.AddHostedService(s => s.GetRequiredService<NodeHeartbeat>());
    }
}
