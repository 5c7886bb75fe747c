using Microsoft.Data.Sqlite;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>Values are bound by position, so a statement whose parameters would take them in another order is refused;
/// rows read back what Microsoft.Data.Sqlite's reader reads.</summary>
public sealed class PreparedConnectionTests : IDisposable
{
    readonly string _path = TestApp.NewDatabase().Path;

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

    [Fact]
    public void Rows_ReadEveryKindOfValue_AsMicrosoftDataSqliteDoes()
    {
        using var sql = Open();
        sql.ExecuteScript("CREATE TABLE T (Text TEXT, Empty TEXT, Missing TEXT, Small INTEGER, Big INTEGER, Data BLOB, At TEXT)");
        var at = new DateTime(2026, 11, 27, 10, 5, 30, 123, DateTimeKind.Utc);
        byte[] data = [0, 1, 2, 255];
        sql.Execute("INSERT INTO T VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)",
            "Tasse n°1 — café ☕", "", null, long.MinValue, long.MaxValue, data, at);

        using var rows = sql.Query("SELECT Text, Empty, Missing, Small, Big, Data, At FROM T");
        Assert.True(rows.Read());
        using var other = new SqliteConnection($"Data Source={_path};Pooling=False");
        other.Open();
        using var reader = new SqliteCommand("SELECT Text, Empty, Missing, Small, Big, Data, At FROM T", other).ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(reader.GetString(0), rows.GetString(0));
        Assert.Equal(reader.GetString(0), rows.GetRepeatedString(0));
        Assert.Equal(("", false), (rows.GetString(1), rows.IsNull(1)));
        Assert.Equal((true, null), (rows.IsNull(2), rows.GetStringOrNull(2)));
        Assert.Equal((reader.GetInt64(3), reader.GetInt64(4)), (rows.GetInt64(3), rows.GetInt64(4)));
        Assert.Equal((byte[])reader.GetValue(5), rows.GetBytes(5).ToArray());
        Assert.Equal(reader.GetDateTime(6), rows.GetDateTime(6));
        Assert.False(rows.Read());
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
