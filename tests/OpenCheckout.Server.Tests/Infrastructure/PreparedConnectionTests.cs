using Microsoft.Data.Sqlite;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>Values are bound by position, so a statement whose parameters would take them in another order is refused.</summary>
public sealed class PreparedConnectionTests : IDisposable
{
    readonly string _path = TestApp.NewDatabasePath();

    [Fact]
    public void Parameters_InOrder_BindByPosition()
    {
        using var sql = Open();
        sql.ExecuteScript("CREATE TABLE T (A TEXT, B INTEGER)");
        Assert.Equal(1, sql.Execute("INSERT INTO T (A, B) VALUES (@p0, @p1)", "x", 7L));
        using var rows = sql.Query("SELECT A, B FROM T WHERE B = @p0 AND A = @p1", 7L, "x");
        Assert.True(rows.Read());
        Assert.Equal(("x", 7L), (rows.GetString(0), rows.GetInt64(1)));
    }

    [Theory]
    [InlineData("SELECT @p1, @p0")]
    [InlineData("SELECT @p0, @x")]
    [InlineData("SELECT @a")]
    public void Parameters_OutOfOrderOrOtherNames_AreRefused(string text)
    {
        using var sql = Open();
        var error = Assert.Throws<ArgumentException>(() => sql.Query(text, 1L, 2L).Dispose());
        Assert.Contains("@p0, @p1", error.Message);
    }

    PreparedConnection Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        return new PreparedConnection(connection, ownsConnection: true);
    }

    public void Dispose()
    {
        if (File.Exists(_path)) File.Delete(_path);
    }
}
