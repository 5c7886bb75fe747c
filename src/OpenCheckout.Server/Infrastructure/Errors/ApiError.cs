using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Infrastructure.Errors;

/// <summary>A field at fault: its parameter name (e.g. <c>line_items[0].quantity</c>), a stable code and a message.</summary>
public sealed record FieldError(string Param, string Code, string Message);

/// <summary>An error the API answers with. Built only through <see cref="ApiErrors"/>, so codes stay stable.</summary>
public sealed record ApiError(int Status, string Type, string Code, string Message, string? Param = null)
{
    public IReadOnlyList<FieldError> Fields { get; init; } = [];
    public string? DeclineCode { get; init; }
    public string? PaymentIntent { get; init; }

    public ErrorBody ToBody()
    {
        IEnumerable<FieldError> details = Fields.Count > 0 ? Fields : [new FieldError(Param ?? "", Code, Message)];
        return new ErrorBody(
            new ErrorInfo(Type, Code, Message, Param, DeclineCode, PaymentIntent),
            details.Select(f => new ErrorDetail(f.Param.Length > 0 ? ["body", f.Param] : ["body"], $"{f.Code}: {f.Message}", f.Code)).ToList());
    }

    public IResult ToResult() => WireResults.Json(ToBody(), WireJson.Default.ErrorBody, statusCode: Status);

    /// <summary>The same answer rendered to bytes, for a write to return from its unit of work.</summary>
    public ApiResponse ToResponse() => ApiResponse.Json(ToBody(), WireJson.Default.ErrorBody, Status);

    /// <summary>For middleware, which answers without an endpoint: the same response as <see cref="ToResult"/>.</summary>
    public Task WriteAsync(HttpContext http) => ToResult().ExecuteAsync(http);
}
