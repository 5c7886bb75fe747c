using System.Security.Cryptography;

namespace OpenCheckout.Server.Infrastructure.Nodes;

/// <summary>This process's instance: a new id every start, under the node's configured name. <paramref name="soleNode"/>:
/// the database takes one node only (SQLite), so every other instance in it is this node's past.</summary>
public sealed class ThisNode(string name, bool soleNode)
{
    public string Name { get; } = name;
    public bool SoleNode { get; } = soleNode;
    public string InstanceId { get; } = "ni_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    /// <summary>A heartbeat older than this means the instance is gone (the heartbeat beats every <see cref="Heartbeat"/>).
    /// Work it held is taken over within this time plus one beat: under the 10 s the deployment guide promises.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    /// <summary>The instances that are gone, for queries: stopped, or silent for longer than <see cref="StaleAfter"/>.
    /// Heartbeats use the wall clock (not the injectable one tests move by hours): liveness is about real time.</summary>
    public static DateTime SilentSince => DateTime.UtcNow - StaleAfter;
}
