using NetArchTest.Rules;

namespace OpenCheckout.Server.Tests.Architecture;

/// <summary>Dependencies point one way: plumbing (<c>Infrastructure</c>) never names a feature, and feature folders do not
/// depend on each other in a cycle. Read from the compiled server (method bodies included), so no use can hide.</summary>
public sealed class DependencyTests
{
    const string Features = "OpenCheckout.Server.Features";
    static readonly System.Reflection.Assembly Server = typeof(Program).Assembly;

    [Fact]
    public void Infrastructure_NamesNoFeature()
    {
        var result = Types.InAssembly(Server).That().ResideInNamespace("OpenCheckout.Server.Infrastructure")
            .Should().NotHaveDependencyOnAny(Features).GetResult();
        Assert.True(result.IsSuccessful, "Infrastructure types that name a feature: " + string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }

    [Fact]
    public void FeatureFolders_DependOnEachOtherWithoutCycles()
    {
        var graph = FeatureGraph();
        Assert.True(graph.Count >= 8, "The feature folders were not found.");
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, "Feature folders depend on each other in a cycle: " + string.Join(" -> ", cycle ?? []));
    }

    [Fact]
    public void FindCycle_FindsOne() // the check above can fail
    {
        Dictionary<string, HashSet<string>> graph = new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        Assert.Equal(["A", "B", "C", "A"], FindCycle(graph));
        graph["C"].Clear();
        Assert.Null(FindCycle(graph));
    }

    /// <summary>Feature folder → the feature folders its types use.</summary>
    static Dictionary<string, HashSet<string>> FeatureGraph()
    {
        var folders = Server.GetTypes().Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith(Features + "."))
            .Select(n => n[(Features.Length + 1)..].Split('.')[0]).ToHashSet();
        return folders.ToDictionary(folder => folder, folder => folders.Where(other => other != folder && !Types.InAssembly(Server).That()
            .ResideInNamespace($"{Features}.{folder}").Should().NotHaveDependencyOnAny($"{Features}.{other}").GetResult().IsSuccessful).ToHashSet());
    }

    static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            if (path.IndexOf(node) is var at and >= 0) return [.. path[at..], node];
            if (!done.Add(node)) return null;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return graph.Keys.Order().Select(Visit).FirstOrDefault(c => c is not null);
    }
}
