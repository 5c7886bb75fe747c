using Microsoft.EntityFrameworkCore;
using OpenCheckout.Cards;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>Test mode only: pays a session headlessly through the same <see cref="PaymentService"/> as the hosted page.</summary>
static class TestHelpersApi
{
    public static void MapTestHelpers(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/test_helpers/checkout/sessions/{id}/pay", Pay)
            .WithTags("Test Helpers")
            .WithName("PayCheckoutSession")
            .Answers<CheckoutSessionEnvelope>()
            .Takes<PayCheckoutSessionRequest>()
            .Produces<ErrorBody>(StatusCodes.Status402PaymentRequired, "application/json")
            .WithSummary("Pay an open test-mode session with a test card (default 4242 4242 4242 4242).");
    }

    static async Task<IResult> Pay(string id, HttpContext http, Merchant merchant, CheckoutDb db, PaymentService payments,
        TimeProvider clock, PublicUrls urls)
    {
        if (!merchant.TestMode) return ApiErrors.TestModeOnly().ToResult();
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        var number = fields!.String("card_number", 40) ?? "4242424242424242";
        var card = new CardInput(
            number,
            fields.String("exp", 10) ?? $"12/{now.Year + 1 - 2000:00}",
            fields.String("cvc", 4) ?? DefaultCvc(number));
        var email = fields.String("email", 512);
        var name = fields.String("name", 200) ?? "Test Buyer";
        var shippingRate = fields.String("shipping_rate", 64);
        var address = Address(fields);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(s => s.Id == id, http.RequestAborted);
        if (session is null) return ApiErrors.NotFound("checkout session", id).ToResult();

        // Headless, so the shipping choice is made and paid in one call (the hosted page asks the buyer to confirm a new total).
        if (shippingRate is not null && shippingRate != session.ShippingRateId)
        {
            if (session.ShippingOptions.All(o => o.ShippingRateId != shippingRate))
                return ApiErrors.Invalid("shipping_rate", "shipping_rate_invalid", $"{shippingRate} is not one of the session's shipping options.").ToResult();
            session = await payments.SelectShippingAsync(session, shippingRate, http.RequestAborted) ?? session;
        }
        // A charge's answer (paid, or declined: 402) is made inside its unit of work, so an idempotent request stores it with the charge.
        ApiResponse? answer = null;
        // As the hosted page does: the email the session was made with (its customer's), unless the request says another.
        email ??= session.Defaults?.Email is { Length: > 0 } prefilled ? prefilled : "buyer@example.com";
        var result = await payments.PayAsync(session, new PayRequest(card, email, name, Address: address), http.RequestAborted,
            alsoWrite: (db, result, ct) => http.RecordAnswerAsync(db, answer = Respond(result, id, now, urls), ct));
        return answer ?? Respond(result, id, now, urls);
    }

    static ApiResponse Respond(PayResult result, string id, DateTimeOffset now, PublicUrls urls) => result switch
    {
        PayResult.Gone => ApiErrors.NotFound("checkout session", id).ToResponse(),
        PayResult.Paid paid => SessionsApi.Respond(paid.Session, now, urls),
        PayResult.ShippingChanged => ApiErrors.StateConflict("checkout_session_changed",
            "The session's shipping option changed while paying; retry.").ToResponse(),
        PayResult.Declined d => ApiErrors.CardDeclined(d.Outcome.Code, d.Outcome.DeclineCode, d.Outcome.Message, "card_number", d.PaymentIntentId).ToResponse(),
        PayResult.Invalid invalid => InvalidCard(invalid.Errors),
        PayResult.TooManyDeclines => ApiErrors.StateConflict("checkout_session_attempts_exceeded",
            "This checkout session has had too many declined payment attempts and takes no more; nothing was charged. Create a new session.").ToResponse(),
        PayResult.TotalChanged => ApiErrors.StateConflict("checkout_session_changed",
            "The session's total changed while paying; retry.").ToResponse(),
        PayResult.PromotionCodeRejected rejected => ApiErrors.StateConflict("promotion_code_invalid",
            $"{rejected.Message} The code was removed from the session and nothing was charged; retry to pay the new total.").ToResponse(),
        PayResult.CouponUsedUp => ApiErrors.StateConflict("coupon_expired",
            "A coupon of this session has reached its max_redemptions since the session was created; nothing was charged. Create a new session.").ToResponse(),
        PayResult.NotOpen notOpen => ApiErrors.StateConflict("checkout_session_not_open",
            $"This checkout session is {notOpen.Session.ToWire(now, urls).Status} and cannot be paid.").ToResponse(),
        _ => throw new InvalidOperationException("Unknown payment result."),
    };

    /// <summary><c>shipping_address {line1, line2?, city, state?, postal_code, country}</c>; without it, a fixed test
    /// address, so sessions that collect one can be paid headlessly like any other.</summary>
    static AddressInput Address(JsonFields fields)
    {
        var address = fields.Object("shipping_address");
        if (address is null) return new AddressInput("1 Test Street", null, "Testville", "CA", "94000", "US");
        var input = new AddressInput(address.String("line1", 200), address.String("line2", 200), address.String("city", 100),
            address.String("state", 100), address.String("postal_code", 20), address.String("country", 2));
        address.RejectUnknown();
        return input;
    }

    /// <summary>Any CVC is accepted in test mode, but its length follows the brand: an Amex test card
    /// (3782 822463 10005) sent without one must still pay, so it gets four digits.</summary>
    static string DefaultCvc(string number)
    {
        var digits = number.Replace(" ", "").Replace("-", "");
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && CardBrand.Of(digits) == CardBrand.Amex ? "1234" : "123";
    }

    static string AddressParam(string field) =>
        field.StartsWith("shipping_") && field != PaymentService.ShippingRateField ? "shipping_address." + field["shipping_".Length..] : field;

    /// <summary>Bad email or name is a 400 like any bad parameter; a bad card is a 402 card_error, as a decline is.</summary>
    static ApiResponse InvalidCard(IReadOnlyList<CardFieldError> errors)
    {
        if (errors.Any(e => e.Field is PaymentService.EmailField or PaymentService.NameField || e.Field.StartsWith("shipping_")))
            return ApiErrors.Invalid(errors.Select(e => new FieldError(AddressParam(e.Field), e.Code, e.Message)).ToList()).ToResponse();
        var first = errors[0];
        var param = first.Field == CardFieldError.ExpiryField ? "exp" : first.Field;
        return (ApiErrors.CardDeclined(first.Code, null, first.Message, param, null) with
        {
            Fields = errors.Select(e => new FieldError(e.Field == CardFieldError.ExpiryField ? "exp" : e.Field, e.Code, e.Message)).ToList(),
        }).ToResponse();
    }
}
