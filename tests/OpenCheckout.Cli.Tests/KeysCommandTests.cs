namespace OpenCheckout.Cli.Tests;

/// <summary><c>keys create</c> runs the server's own admin command next to the database, because no HTTP endpoint makes keys.</summary>
public sealed class KeysCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task KeysCreate_NextToTheDatabase_PrintsAKeyThatWorks()
    {
        var merchant = await server.CreateMerchantAsync();

        var created = await Cli.RunAsync(["keys", "create", "--account", merchant.AccountId, "--database", server.DatabasePath, "--server", Cli.ServerDll]);

        Assert.True(created.ExitCode == 0, created.ToString());
        var key = created.Stdout.Trim();
        Assert.Matches("^fsk_test_[0-9A-Za-z]{44}$", key);
        Assert.NotEqual(merchant.TestKey, key);
        var list = await Cli.RunAsync(["products", "list", "--api-key", key, "--base-url", server.BaseUrl]);
        Assert.True(list.ExitCode == 0, list.ToString());
    }

    [Fact]
    public async Task KeysCreate_ForAnUnknownAccount_RelaysTheServersAnswer()
    {
        var result = await Cli.RunAsync(["keys", "create", "--account", "facct_nosuchaccount", "--database", server.DatabasePath,
            "--server", Cli.ServerDll]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No such account: facct_nosuchaccount", result.Stderr);
    }

    [Fact]
    public async Task KeysCreate_AwayFromTheServer_ExplainsThatThereIsNoHttpEndpoint()
    {
        var elsewhere = Directory.CreateTempSubdirectory("opencheckout-cli-keys-");
        try
        {
            var result = await Cli.RunAsync(["keys", "create", "--account", "facct_x"], workingDirectory: elsewhere.FullName);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("deliberately no HTTP endpoint", result.Stderr);
            Assert.Contains("--server", result.Stderr);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}
