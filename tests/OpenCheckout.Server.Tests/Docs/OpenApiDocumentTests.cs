namespace OpenCheckout.Server.Tests.Docs;

/// <summary>docs/openapi.json is the API as served: an endpoint added, removed or renamed shows in the diff.
/// Regenerate after an intended change with OPENCHECKOUT_UPDATE_OPENAPI=1 bash scripts/test.sh.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ServedDocument_MatchesCommittedFile()
    {
        using var http = _app.Http();
        var served = (await http.GetStringAsync("/openapi/v1.json")).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var committedPath = Path.Combine(RepositoryRoot(), "docs", "openapi.json");

        if (Environment.GetEnvironmentVariable("OPENCHECKOUT_UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(committedPath, served);

        Assert.True(File.Exists(committedPath), "docs/openapi.json is missing: run the tests with OPENCHECKOUT_UPDATE_OPENAPI=1.");
        Assert.True(served == await File.ReadAllTextAsync(committedPath),
            "The served OpenAPI document differs from docs/openapi.json. If the API change is intended, run the tests with OPENCHECKOUT_UPDATE_OPENAPI=1 and commit the file.");
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenCheckout.slnx"))) return dir.FullName;
        throw new InvalidOperationException("No OpenCheckout.slnx above the test binaries.");
    }
}
