using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace OpenCheckout.Client.Http;

/// <summary>The retry pipeline, the same for the DI client and the plain one: Microsoft.Extensions.Http.Resilience's
/// HTTP retry (network errors, timeouts, 408, 429, 5xx; exponential backoff with jitter) with our own delay generator,
/// so that <c>Retry-After</c> is honoured but capped at <see cref="OpenCheckoutClientOptions.MaxRetryDelay"/>, and a
/// per-attempt timeout inside it. Retrying a POST is safe because the request already carries its Idempotency-Key.</summary>
static class RetryPolicy
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, OpenCheckoutClientOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);
        pipeline.TimeProvider = options.TimeProvider;
        if (options.MaxRetries > 0)
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.InitialRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options)),
            });
        pipeline.AddTimeout(options.AttemptTimeout);
    }

    public static ResiliencePipeline<HttpResponseMessage> Build(OpenCheckoutClientOptions options)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(pipeline, options);
        return pipeline.Build();
    }

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), at most <see cref="OpenCheckoutClientOptions.MaxRetryDelay"/>;
    /// null (use the backoff) when there is none.</summary>
    static TimeSpan? RetryAfter(HttpResponseMessage? response, OpenCheckoutClientOptions options)
    {
        if (response?.Headers.RetryAfter is not RetryConditionHeaderValue retryAfter) return null;
        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - options.TimeProvider.GetUtcNow() : null);
        if (delay is not { } wait) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > options.MaxRetryDelay ? options.MaxRetryDelay : wait;
    }
}
