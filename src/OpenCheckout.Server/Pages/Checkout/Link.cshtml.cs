using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenCheckout.Server.Features.PaymentLinks;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Pages.Checkout;

/// <summary><c>/pay/l/{id}</c>, a payment link's public URL: a GET makes (or finds again) the buyer's session and sends the
/// browser to its page; a HEAD only says whether the link takes visits, and writes nothing.</summary>
public sealed class LinkModel(PaymentLinkVisits visits, TimeProvider clock) : PageModel
{
    /// <summary>Scoped to the link's own path, so each link remembers its own session.</summary>
    const string SessionCookie = "oc_link_session";

    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (Prefill(out var problem) is not { } prefill) return Show(StatusCodes.Status400BadRequest, "This payment link is not valid", problem!);
        switch (await visits.VisitAsync(id, prefill, Request.Cookies[SessionCookie], ct))
        {
            case LinkVisit.Session session:
                Response.Cookies.Append(SessionCookie, session.SessionId, new CookieOptions
                {
                    Path = $"/pay/l/{id}",
                    HttpOnly = true,
                    Secure = Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    // Max-Age, not Expires: the browser's clock need not agree with ours.
                    MaxAge = DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc) - clock.GetUtcNow().UtcDateTime,
                });
                Response.Headers.Location = $"/pay/c/{session.SessionId}";
                return StatusCode(StatusCodes.Status303SeeOther);
            case LinkVisit.Refused refused:
                return Show(refused.Status, "This payment link cannot be used right now", refused.Message);
            case LinkVisit.Inactive:
                return Inactive();
            default:
                return NotFoundPage();
        }
    }

    public async Task<IActionResult> OnHeadAsync(string id, CancellationToken ct) => await visits.CheckAsync(id, ct) switch
    {
        null => StatusCode(StatusCodes.Status200OK),
        LinkVisit.Inactive => StatusCode(StatusCodes.Status410Gone),
        _ => StatusCode(StatusCodes.Status404NotFound),
    };

    IActionResult NotFoundPage() => Show(StatusCodes.Status404NotFound, "Payment link not found",
        "This payment link is not valid. Please check the address, or contact the shop that sent it.");

    IActionResult Inactive() => Show(StatusCodes.Status410Gone, "This payment link is no longer active",
        "The shop has deactivated this payment link, so it takes no more payments. Please contact the shop.");

    IActionResult Show(int status, string heading, string message)
    {
        (Heading, Message) = (heading, message);
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>The query's prefill as Flex's guide names it; null, with what is wrong, when a value could not be used.</summary>
    LinkPrefill? Prefill(out string? problem)
    {
        var query = Request.Query;
        string? Value(string name, int maxLength, ref string? wrong)
        {
            var value = query[name].FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(value)) return null;
            if (value.Length <= maxLength) return value;
            wrong ??= $"Its {name} is longer than {maxLength} characters.";
            return null;
        }
        problem = null;
        var prefill = new LinkPrefill(Value("client_reference_id", 200, ref problem), Value("email", 512, ref problem),
            Value("first_name", 200, ref problem), Value("last_name", 200, ref problem), Value("phone", 40, ref problem));
        if (prefill.Email is { } email && !EmailAddress.IsPlain(email)) problem ??= "Its email is not an email address.";
        return problem is null ? prefill : null;
    }
}
