using System.Globalization;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>A validated API request as a handler sees it: typed reads of parameters the subset has already checked.</summary>
internal sealed class Call(Dictionary<string, string> pathValues, Dictionary<string, object> parameters, StripeKeyKind key)
{
    public StripeKeyKind Key => key;

    public string Id(string name) => pathValues[name];

    public bool Has(string name) => parameters.ContainsKey(name);

    public string? Str(string name) => parameters.GetValueOrDefault(name) as string;

    public long? Long(string name) => Str(name) is { Length: > 0 } s ? long.Parse(s, CultureInfo.InvariantCulture) : null;

    public bool Bool(string name) => Str(name) == "true";

    public Dictionary<string, object>? Object(string name) => parameters.GetValueOrDefault(name) as Dictionary<string, object>;

    public List<string> List(string name) => (parameters.GetValueOrDefault(name) as List<object>)?.OfType<string>().ToList() ?? [];

    /// <summary>metadata[k]=v pairs; metadata="" (Stripe's "unset") reads as empty.</summary>
    public Dictionary<string, string> Map(string name) =>
        Object(name)?.Where(kv => kv.Value is string).ToDictionary(kv => kv.Key, kv => (string)kv.Value) ?? [];
}
