using Microsoft.AspNetCore.DataProtection;
using OpenCheckout.Server;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.PaymentLinks;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Processors;
using OpenCheckout.Server.Features.Refunds;
using OpenCheckout.Server.Features.RequestLog;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Subscriptions;
using OpenCheckout.Server.Features.TestData;
using OpenCheckout.Server.Features.TestClocks;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Health;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;
using OpenCheckout.Server.Infrastructure.Memory;
using OpenCheckout.Server.Infrastructure.Nodes;
using OpenCheckout.Server.Infrastructure.RateLimits;
using OpenCheckout.Server.Infrastructure.Telemetry;
using OpenCheckout.Server.Pages.Checkout;
using Scalar.AspNetCore;

// Content (appsettings.json, wwwroot) comes from beside the binary, so the server can start from any
// directory; that directory is where the default database (data/opencheckout.db) is created.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseStaticWebAssets();
builder.Services.AddOptions<OpenCheckoutOptions>().Bind(builder.Configuration.GetSection(OpenCheckoutOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PublicUrls>();
builder.AddCheckoutData();
builder.AddNodes();
builder.AddHealth();
builder.AddIdempotency();
builder.Services.AddHostedService<NativeMemoryTrimmer>();
builder.AddAccounts();
builder.AddCatalog();
builder.AddCustomers();
builder.AddSessions();
builder.AddPaymentLinks();
builder.AddPayments();
builder.AddProcessors();
builder.AddSubscriptions();
builder.AddRefunds();
builder.AddDisputes();
builder.AddEvents();
builder.AddWebhooks();
builder.AddRequestLog();
builder.AddTestData();
builder.AddTestClocks();
builder.AddRateLimits();
builder.AddTelemetry();
builder.AddDashboard();
// Razor Pages on MVC's core services: AddRazorPages() also registers authentication (for [Authorize] schemes), and
// ASP.NET Core then puts its middleware in front of every request, where it made a service scope per request for
// nothing (no page or endpoint authenticates that way; API keys have their own middleware). Razor Pages needs the
// authorization services, whose middleware passes requests without requirements straight through.
builder.Services.AddAuthorization();
builder.Services.AddMvcCore().AddRazorPages();
builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
// Sent on https requests only (behind a proxy: X-Forwarded-Proto from a known one), never for localhost.
builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
// Keys in the database: anti-forgery tokens stay valid across restarts and across nodes.
builder.Services.AddDataProtection().SetApplicationName("OpenCheckout").PersistKeysToDbContext<CheckoutDb>();
builder.AddApiDocument();

builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBody.KestrelLimit(
    builder.Configuration.GetValue<long?>($"{OpenCheckoutOptions.Section}:{nameof(OpenCheckoutOptions.MaxRequestBodyBytes)}") ?? 1024 * 1024));

var app = builder.Build();
await app.Services.PrepareDatabaseAsync(forceMigrate: DataSetup.IsMigrateCommand(args));
if (DataSetup.IsMigrateCommand(args)) return 0;
if (AdminCommands.Handles(args)) return await AdminCommands.RunAsync(app.Services, args);
if (ProcessorCommands.Handles(args)) return await ProcessorCommands.RunAsync(app.Services, args);

app.UseKnownProxies();
app.UseHsts();
app.UseRequestIds();
app.UseRequestLog();
app.UseApiErrors();
app.UseCheckoutPageHeaders();
app.UseApiReferenceHeaders();
app.UseStaticFiles();
app.UseDashboard();
app.UseApiKeys();
app.UseRateLimits();
app.MapTelemetry();
app.UseWhen(http => http.Request.Path.StartsWithSegments("/v1"), v1 => v1.UseIdempotencyKeys());

var v1 = app.MapGroup("/v1").DescribesApiErrors().ExpandsResponses();
v1.MapCatalog();
v1.MapSessions();
v1.MapPaymentLinks();
v1.MapPayments();
v1.MapCustomers();
v1.MapSubscriptionsApi();
v1.MapRefunds();
v1.MapDisputes();
v1.MapWebhooksApi();
v1.MapEvents();
v1.MapTestData();
v1.MapTestClocks();
app.MapBrandAssets();
app.MapProcessors();
// The hosted page answers GET, HEAD and POST; anything else (TRACE, PUT...) is a 405 from routing, not a page without a model.
app.MapRazorPages().WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head, HttpMethods.Post]));
app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference(ApiReferencePage.Path, o => o.WithTitle("OpenCheckout API reference").DisableDefaultFonts().WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapHealth();

// The first merchant exists before the first request is served, so its keys work as soon as they are printed.
var merchant = await DefaultMerchant.EnsureAsync(app.Services);
await app.StartAsync();
var listening = app.Services.GetRequiredService<PublicUrls>().Base;
Console.WriteLine($"OpenCheckout is listening on {listening}");
Console.Write(merchant(listening));
await app.WaitForShutdownAsync();
return 0;

public partial class Program;
