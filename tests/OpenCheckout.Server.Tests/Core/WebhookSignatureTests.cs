using System.Text;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Server.Tests.Core;

/// <summary>Signing against the published Standard Webhooks test vector, and what a receiver's Verify accepts and refuses.</summary>
public sealed class WebhookSignatureTests
{
    const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const long Timestamp = 1614265330;
    const string Body = """{"test": 2432232314}""";
    const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    static Dictionary<string, string> Headers(string prefix = "webhook-", string signature = Expected) => new()
    {
        [prefix + "id"] = Id,
        [prefix + "timestamp"] = Timestamp.ToString(),
        [prefix + "signature"] = signature,
    };

    static bool Verify(IReadOnlyDictionary<string, string> headers, string body = Body, string secret = Secret, DateTimeOffset? now = null) =>
        WebhookSignature.Verify(body, headers, secret, WebhookSignature.DefaultTolerance, now ?? SentAt);

    [Fact]
    public void Sign_StandardWebhooksTestVector_MatchesPublishedSignature() =>
        Assert.Equal(Expected, WebhookSignature.Sign(Id, Timestamp, Encoding.UTF8.GetBytes(Body), Secret));

    [Fact]
    public void Sign_OurPrefix_UsesTheSameKeyAsWhsec() =>
        Assert.Equal(Expected, WebhookSignature.Sign(Id, Timestamp, Encoding.UTF8.GetBytes(Body), "fwhsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    [Fact]
    public void Header_TwoSecrets_OneSignatureEach()
    {
        var other = WebhookSignature.NewSecret();
        var header = WebhookSignature.Header(Id, Timestamp, Encoding.UTF8.GetBytes(Body), [Secret, other]);
        Assert.Equal($"{Expected} {WebhookSignature.Sign(Id, Timestamp, Encoding.UTF8.GetBytes(Body), other)}", header);
    }

    [Fact]
    public void NewSecret_HasPrefixAndStandardBase64WithoutUnderscore()
    {
        var secret = WebhookSignature.NewSecret();
        Assert.StartsWith("fwhsec_", secret);
        var key = secret["fwhsec_".Length..];
        Assert.DoesNotContain('_', key);
        Assert.Equal(24, Convert.FromBase64String(key).Length);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }

    [Fact]
    public void Verify_WebhookHeaders_Accepts() => Assert.True(Verify(Headers()));

    [Fact]
    public void Verify_SvixHeaders_Accepts() => Assert.True(Verify(Headers("svix-")));

    [Fact]
    public void Verify_HeaderNamesInAnyCase_Accepts() => Assert.True(Verify(Headers("Webhook-")));

    [Fact]
    public void Verify_WithinTolerance_Accepts()
    {
        Assert.True(Verify(Headers(), now: SentAt.AddMinutes(4)));
        Assert.True(Verify(Headers(), now: SentAt.AddMinutes(-4)));
    }

    [Fact]
    public void Verify_TamperedBody_Rejects() => Assert.False(Verify(Headers(), body: """{"test": 2432232315}"""));

    [Fact]
    public void Verify_WrongSecret_Rejects() => Assert.False(Verify(Headers(), secret: WebhookSignature.NewSecret()));

    [Fact]
    public void Verify_TamperedIdOrTimestamp_Rejects()
    {
        var otherId = Headers();
        otherId["webhook-id"] = "msg_other";
        Assert.False(Verify(otherId));
        var otherTimestamp = Headers();
        otherTimestamp["webhook-timestamp"] = (Timestamp + 1).ToString();
        Assert.False(Verify(otherTimestamp));
    }

    [Fact]
    public void Verify_TimestampOutsideTolerance_Rejects()
    {
        Assert.False(Verify(Headers(), now: SentAt.AddMinutes(6)));
        Assert.False(Verify(Headers(), now: SentAt.AddMinutes(-6)));
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void Verify_MissingHeader_Rejects(string missing)
    {
        var headers = Headers();
        headers.Remove(missing);
        Assert.False(Verify(headers));
    }

    [Fact]
    public void Verify_MalformedTimestamp_Rejects()
    {
        var headers = Headers();
        headers["webhook-timestamp"] = "1614265330.5";
        Assert.False(Verify(headers));
    }

    [Theory]
    [InlineData("v1,Ceqtg4T5ad3n6Wa9UScLMCWpuAnz6wIeUOZGgIxOgzw= " + Expected)]
    [InlineData(Expected + " v1,Ceqtg4T5ad3n6Wa9UScLMCWpuAnz6wIeUOZGgIxOgzw=")]
    [InlineData("v2,somethingelse " + Expected + " v1a,xyz")]
    public void Verify_OneOfSeveralSignaturesMatches_Accepts(string signatures) => Assert.True(Verify(Headers(signature: signatures)));

    [Theory]
    [InlineData("v1,Ceqtg4T5ad3n6Wa9UScLMCWpuAnz6wIeUOZGgIxOgzw= v1,bm90IGEgc2lnbmF0dXJl")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void Verify_NoSignatureMatches_Rejects(string signatures) => Assert.False(Verify(Headers(signature: signatures)));

    [Fact]
    public void Verify_ExplainsWhy()
    {
        var headers = Headers();
        Assert.Null(WebhookSignature.Verify(Encoding.UTF8.GetBytes(Body), name => headers.GetValueOrDefault(name), Secret,
            WebhookSignature.DefaultTolerance, SentAt));
        Assert.NotNull(WebhookSignature.Verify(Encoding.UTF8.GetBytes(Body), name => headers.GetValueOrDefault(name), "not base64!",
            WebhookSignature.DefaultTolerance, SentAt));
    }
}
