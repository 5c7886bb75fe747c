using System.Globalization;
using System.Text;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>The prepared read path parses stored dates itself; it must give exactly what Microsoft.Data.Sqlite (EF Core) gives.</summary>
public sealed class PreparedRowsDateTests
{
    [Fact]
    public void OwnFormat_ParsesAsDateTimeParseDoes()
    {
        var random = new Random(5);
        var times = new List<DateTime>
        {
            new(2026, 3, 2, 12, 0, 0), // no fraction: the format leaves out the point
            new(2026, 3, 2, 12, 0, 0, 500), // trailing zeros left out
            new DateTime(2026, 12, 31, 23, 59, 59).AddTicks(9_999_999),
            new(2028, 2, 29, 0, 0, 1),
            DateTime.MinValue, DateTime.MaxValue,
        };
        for (var i = 0; i < 1000; i++) times.Add(new DateTime(random.NextInt64(DateTime.MaxValue.Ticks)));

        foreach (var time in times)
        {
            var text = time.ToString(PreparedRows.DateTimeFormat, CultureInfo.InvariantCulture);
            Assert.True(PreparedRows.TryParseOwnFormat(Encoding.UTF8.GetBytes(text), out var parsed), text);
            var expected = DateTime.Parse(text, CultureInfo.InvariantCulture);
            Assert.Equal(expected, parsed);
            Assert.Equal(expected.Kind, parsed.Kind);
        }
    }

    [Theory]
    [InlineData("2026-03-02T12:00:00")] // ISO 'T': another writer's format, left to DateTime.Parse
    [InlineData("2026-03-02 12:00:00Z")]
    [InlineData("2026-03-02 12:00:00.")]
    [InlineData("2026-02-30 12:00:00")]
    [InlineData("2026-03-02 24:00:00")]
    [InlineData("2026-03-02 12:00:00.12345678")]
    [InlineData("2026-3-2 12:00:00.1234567")]
    [InlineData("")]
    public void OtherTexts_AreLeftToDateTimeParse(string text) =>
        Assert.False(PreparedRows.TryParseOwnFormat(Encoding.UTF8.GetBytes(text), out _));
}
