using OpenCheckout.Server.Features.Webhooks;

namespace OpenCheckout.Server;

/// <summary>Everything configurable, bound from the "OpenCheckout" section: appsettings.json or
/// environment variables such as <c>OpenCheckout__Database__Path</c>. Documented in docs/configuration.md.</summary>
public sealed class OpenCheckoutOptions
{
    public const string Section = "OpenCheckout";

    /// <summary>Where buyers reach the hosted page, e.g. https://pay.example.com. Empty: the address the server listens on.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Larger request bodies are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public DatabaseOptions Database { get; set; } = new();
    public SessionOptions Sessions { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();
    public WebhookOptions Webhooks { get; set; } = new();
    public EventStreamOptions EventStream { get; set; } = new();
    public DisputeOptions Disputes { get; set; } = new();
    public SubscriptionOptions Subscriptions { get; set; } = new();
    public CaptureOptions Captures { get; set; } = new();
    public NodeOptions Node { get; set; } = new();
    public RateLimitOptions RateLimits { get; set; } = new();
    public TelemetryOptions Telemetry { get; set; } = new();
    public RequestLogOptions RequestLog { get; set; } = new();
    public ProcessorOptions Processors { get; set; } = new();

    /// <summary>How live payments reach the processors; each account's keys are its own (<c>processor set</c>).</summary>
    public sealed class ProcessorOptions
    {
        public StripeOptions Stripe { get; set; } = new();
        /// <summary>An attempt whose answer was lost (a crash, a timeout) is asked about again this long after it began.</summary>
        public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromSeconds(30);
        public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);
    }

    public sealed class StripeOptions
    {
        /// <summary>Stripe's API; only tests and outbound proxies change it.</summary>
        public string ApiBase { get; set; } = "https://api.stripe.com";
        /// <summary>Stripe.js, loaded by live pages of accounts that use Stripe; its origin is the only script origin the page's CSP adds.</summary>
        public string JsUrl { get; set; } = "https://js.stripe.com/v3/";
        /// <summary>How long one call to Stripe may take before its outcome counts as unknown (and is reconciled).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>The dashboard's request log (Developers → Request log): each /v1 request's time, method, path, status, request id
    /// and latency, written in batches off the request path.</summary>
    public sealed class RequestLogOptions
    {
        /// <summary>False: nothing is recorded (rows already written stay until they are past <see cref="RetentionDays"/>).</summary>
        public bool Enabled { get; set; } = true;
        /// <summary>Rows older than this many days are deleted (each node checks every 10 minutes).</summary>
        public int RetentionDays { get; set; } = 7;
        /// <summary>Requests waiting in memory to be written, per node; past it, new ones are dropped (and counted), never waited for.</summary>
        public int QueueCapacity { get; set; } = 50_000;
    }

    /// <summary>OpenTelemetry traces and metrics (docs/operations.md). Off by default.</summary>
    public sealed class TelemetryOptions
    {
        public bool Enabled { get; set; }
        /// <summary>Where traces and metrics are sent by OTLP (gRPC, e.g. http://collector:4317). Empty: not sent.</summary>
        public string? OtlpEndpoint { get; set; }
        /// <summary>Set: metrics in Prometheus's format at <c>/metrics</c>, for requests with <c>Authorization: Bearer</c> and this token.</summary>
        public string? PrometheusToken { get; set; }
        public string ServiceName { get; set; } = "opencheckout";
    }
    public ForwardedHeaderOptions ForwardedHeaders { get; set; } = new();

    /// <summary>Limits per node (docs/security.md: with N nodes behind a balancer, a client gets up to N times these).</summary>
    public sealed class RateLimitOptions
    {
        /// <summary>False turns every limit below off (the benchmarks do); declines per session still count.</summary>
        public bool Enabled { get; set; } = true;
        /// <summary>API requests per second per API key, refilled continuously (token bucket), in both modes.</summary>
        public int ApiRequestsPerSecond { get; set; } = 100;
        /// <summary>API requests a key may send at once before the rate applies.</summary>
        public int ApiBurst { get; set; } = 200;
        /// <summary>Hosted page form posts (payment attempts, shipping changes) per minute for one session.</summary>
        public int PagePostsPerMinutePerSession { get; set; } = 20;
        /// <summary>Hosted page form posts and payment link visits (each may write) per minute from one client address.</summary>
        public int PagePostsPerMinutePerAddress { get; set; } = 60;
        /// <summary>Declined payment attempts after which a session refuses more (counted in the database: every node agrees).</summary>
        public int MaxDeclinesPerSession { get; set; } = 10;
    }

    /// <summary>Proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: the client address the
    /// hosted page's limits count is then the one the proxy saw. Empty: those headers are ignored (anyone could forge them).</summary>
    public sealed class ForwardedHeaderOptions
    {
        public List<string> KnownProxies { get; set; } = [];
    }
    public IdempotencyOptions Idempotency { get; set; } = new();

    public sealed class NodeOptions
    {
        /// <summary>This node's name, stable across restarts: a node that starts under the name of a previous run releases
        /// that run's work at once. Empty: the machine's name and the addresses the node listens on.</summary>
        public string? Name { get; set; }
    }

    public sealed class IdempotencyOptions
    {
        /// <summary>A key reused with a different body: <see cref="IdempotencyMismatch.Process"/> runs it as a new request
        /// (Flex's behaviour, which its WooCommerce plugin relies on); <see cref="IdempotencyMismatch.Reject"/> answers 400
        /// <c>idempotency_error</c> (Stripe's).</summary>
        public IdempotencyMismatch OnMismatch { get; set; } = IdempotencyMismatch.Process;
    }

    public sealed class DatabaseOptions
    {
        /// <summary><see cref="DatabaseProvider.Sqlite"/> (one process, one file: the default) or
        /// <see cref="DatabaseProvider.Postgres"/> (any number of nodes sharing one database).</summary>
        public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

        /// <summary>SQLite file, relative to the directory the server is started from.</summary>
        public string Path { get; set; } = "data/opencheckout.db";

        /// <summary>PostgreSQL: an Npgsql connection string, e.g. <c>Host=db;Database=opencheckout;Username=oc;Password=...</c>.</summary>
        public string? ConnectionString { get; set; }

        /// <summary>Apply pending migrations when the server starts. Off for deployments that run the <c>migrate</c> command
        /// once before rolling nodes.</summary>
        public bool MigrateOnStart { get; set; } = true;

        /// <summary>PostgreSQL: how long a command (or opening a connection) may take before the request is answered 503.</summary>
        public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>SQLite's soft heap limit (page caches of every connection together), in MiB; 0 for none.</summary>
        public int MemoryLimitMegabytes { get; set; } = 8;
        /// <summary>SQLite: writes waiting for the one writer, past which more are refused with 503 and Retry-After (load shedding).</summary>
        public int MaxQueuedWrites { get; set; } = 10_000;
    }

    public sealed class SessionOptions
    {
        public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(24);
        public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
    }

    public sealed class WebhookOptions
    {
        /// <summary>An attempt that has not answered by then counts as failed.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>How often each node looks for due deliveries (it is also woken when events commit).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
        /// <summary>Deliveries in flight at once on one node.</summary>
        public int MaxConcurrency { get; set; } = 32;
        /// <summary>Deliveries in flight at once to one endpoint on one node: a slow receiver holds this many slots at most.</summary>
        public int MaxConcurrencyPerEndpoint { get; set; } = 4;
        /// <summary>Webhook endpoints an account may have in each mode (Stripe's limit).</summary>
        public int MaxEndpointsPerAccount { get; set; } = 16;
        /// <summary>An endpoint whose deliveries all fail for this long is disabled.</summary>
        public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);
        /// <summary>How long a rotated-out secret keeps signing.</summary>
        public TimeSpan PreviousSecretLifetime { get; set; } = TimeSpan.FromHours(24);
        /// <summary>Which non-public targets test-mode endpoints may reach (live mode: public only). Answers from non-public
        /// targets are never kept in the delivery log.</summary>
        public TestModeTargets TestModeTargets { get; set; } = TestModeTargets.Loopback;
    }

    /// <summary><c>GET /v1/events/stream</c>, the test-mode event stream <c>opencheckout listen</c> reads.</summary>
    public sealed class EventStreamOptions
    {
        /// <summary>Streams one account may have open at once on one node; more are refused with 429, so a client that reconnects
        /// in a loop cannot hold the server's connections.</summary>
        public int MaxPerAccount { get; set; } = 10;
        /// <summary>How often an open stream looks for new events unwoken: what a lost signal from another node costs at most.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
        /// <summary>A stream that has sent nothing for this long sends a comment (<c>: keep-alive</c>), so proxies keep it open.</summary>
        public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
    }

    public sealed class DisputeOptions
    {
        /// <summary>How long after a test payment with card 4000 0000 0000 0259 its dispute opens.</summary>
        public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>How often each node looks for disputes due to open or to be decided.</summary>
        public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>How long after a dispute opens its evidence is due (<c>evidence_details.due_by</c>).</summary>
        public TimeSpan EvidenceWindow { get; set; } = Features.Disputes.Dispute.DefaultEvidenceWindow;
        /// <summary>How long a test dispute with submitted evidence stays <c>under_review</c> before it is decided.</summary>
        public TimeSpan ReviewDelay { get; set; } = TimeSpan.FromSeconds(30);
    }

    public sealed class SubscriptionOptions
    {
        /// <summary>How long after a renewal's first declined attempt each retry comes; set, it replaces the default (1, 3 and 5
        /// days). Empty: no retries.</summary>
        public List<TimeSpan>? RetrySchedule { get; set; }
        public IReadOnlyList<TimeSpan> Retries => (IReadOnlyList<TimeSpan>?)RetrySchedule ?? DefaultRetries;
        /// <summary>What the last failed retry does to the subscription.</summary>
        public AfterRetries AfterRetries { get; set; } = AfterRetries.Cancel;
        /// <summary>How often each node looks for periods that have ended and retries that are due.</summary>
        public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

        static readonly TimeSpan[] DefaultRetries = [TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(5)];
    }

    public sealed class CaptureOptions
    {
        /// <summary>How long a test-mode authorization (<c>capture_method: manual</c>) may wait for its capture before it is
        /// released with <c>charge.expired</c> (Stripe's default: 7 days).</summary>
        public TimeSpan AuthorizationLifetime { get; set; } = TimeSpan.FromDays(7);
        /// <summary>How often each node looks for authorizations that have lapsed.</summary>
        public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
    }

    /// <summary>Keys for the default merchant created on first start. Empty: random keys, printed once.
    /// Setting them suits scripted local setups (a sample shop, CI); never set them in production.</summary>
    public sealed class BootstrapOptions
    {
        public string MerchantName { get; set; } = "Default merchant";
        public string? TestKey { get; set; }
        public string? LiveKey { get; set; }
        /// <summary>The first dashboard owner, created with the first account; its password is printed once.</summary>
        public string OwnerEmail { get; set; } = "owner@example.com";
        /// <summary>Set: the first owner's password instead of a generated one (for scripted set-ups and tests).</summary>
        public string? OwnerPassword { get; set; }
    }
}

public enum AfterRetries
{
    /// <summary>The subscription is canceled and its open invoices voided.</summary>
    Cancel,
    /// <summary>The subscription stays, <c>unpaid</c>, billing nothing until its open invoice is paid.</summary>
    Unpaid,
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public enum IdempotencyMismatch
{
    Process,
    Reject,
}
