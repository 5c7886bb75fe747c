using System.Text.Json;
using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>A dispute's evidence: Flex's (and Stripe's) text fields, read from a request, merged into what is staged, and
/// judged in test mode. Flex's file fields name uploaded files, and this server takes no uploads: they are refused by name.</summary>
static class DisputeEvidenceText
{
    public static readonly string[] Fields =
    [
        "access_activity_log", "billing_address", "cancellation_policy_disclosure", "cancellation_rebuttal", "customer_email_address",
        "customer_name", "customer_purchase_ip", "duplicate_charge_explanation", "duplicate_charge_id", "product_description",
        "refund_policy_disclosure", "refund_refusal_explanation", "service_date", "shipping_address", "shipping_carrier", "shipping_date",
        "shipping_tracking_number", "uncategorized_text",
    ];

    static readonly string[] FileFields =
    [
        "cancellation_policy", "customer_communication", "customer_signature", "duplicate_charge_documentation", "receipt",
        "refund_policy", "service_documentation", "shipping_documentation", "uncategorized_file",
    ];

    /// <summary>Stripe's limits: each field, and all of them together.</summary>
    public const int FieldLength = 20_000;
    public const int TotalLength = 150_000;

    /// <summary>Text containing these decides a submitted test-mode dispute (Stripe's convention); the first wins if both appear.</summary>
    public const string Winning = "winning_evidence";
    public const string Losing = "losing_evidence";

    /// <summary>The fields <paramref name="evidence"/> names: a text sets one, <c>""</c> or null clears it.</summary>
    public static Dictionary<string, string?> Read(JsonFields evidence)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            if (!evidence.Contains(field)) continue;
            var text = evidence.String(field, FieldLength);
            if (text is not null || evidence.Kind(field) == JsonValueKind.Null) changes[field] = string.IsNullOrEmpty(text) ? null : text;
        }
        // Flex clears a file field with "": with no files here, that and null change nothing.
        foreach (var field in FileFields)
            if (evidence.Kind(field) is not (JsonValueKind.Undefined or JsonValueKind.Null)
                && !(evidence.Kind(field) == JsonValueKind.String && evidence.String(field, int.MaxValue) == ""))
                evidence.AddError(field, "evidence_file_unsupported",
                    $"{evidence.Param(field)} names an uploaded file, and this server takes no uploads: put the text in a text field such as uncategorized_text.");
        evidence.RejectUnknown();
        return changes;
    }

    /// <summary>What is staged after <paramref name="changes"/>; null when the fields together pass <see cref="TotalLength"/>.</summary>
    public static Dictionary<string, string>? Merge(IReadOnlyDictionary<string, string> staged, IReadOnlyDictionary<string, string?>? changes)
    {
        var merged = new Dictionary<string, string>(staged, StringComparer.Ordinal);
        foreach (var (field, text) in changes ?? new Dictionary<string, string?>())
            if (text is null) merged.Remove(field);
            else merged[field] = text;
        return merged.Values.Sum(t => (long)t.Length) > TotalLength ? null : merged;
    }

    /// <summary>The test-mode outcome of submitted evidence: won, lost, or null (it stays under review, as Stripe's does).</summary>
    public static string? Outcome(IReadOnlyDictionary<string, string> evidence) =>
        evidence.Values.Any(t => t.Contains(Winning, StringComparison.Ordinal)) ? DisputeStatus.Won
        : evidence.Values.Any(t => t.Contains(Losing, StringComparison.Ordinal)) ? DisputeStatus.Lost
        : null;

    public static Wire.DisputeEvidence ToWire(IReadOnlyDictionary<string, string> e) => new()
    {
        AccessActivityLog = e.GetValueOrDefault("access_activity_log"),
        BillingAddress = e.GetValueOrDefault("billing_address"),
        CancellationPolicyDisclosure = e.GetValueOrDefault("cancellation_policy_disclosure"),
        CancellationRebuttal = e.GetValueOrDefault("cancellation_rebuttal"),
        CustomerEmailAddress = e.GetValueOrDefault("customer_email_address"),
        CustomerName = e.GetValueOrDefault("customer_name"),
        CustomerPurchaseIp = e.GetValueOrDefault("customer_purchase_ip"),
        DuplicateChargeExplanation = e.GetValueOrDefault("duplicate_charge_explanation"),
        DuplicateChargeId = e.GetValueOrDefault("duplicate_charge_id"),
        ProductDescription = e.GetValueOrDefault("product_description"),
        RefundPolicyDisclosure = e.GetValueOrDefault("refund_policy_disclosure"),
        RefundRefusalExplanation = e.GetValueOrDefault("refund_refusal_explanation"),
        ServiceDate = e.GetValueOrDefault("service_date"),
        ShippingAddress = e.GetValueOrDefault("shipping_address"),
        ShippingCarrier = e.GetValueOrDefault("shipping_carrier"),
        ShippingDate = e.GetValueOrDefault("shipping_date"),
        ShippingTrackingNumber = e.GetValueOrDefault("shipping_tracking_number"),
        UncategorizedText = e.GetValueOrDefault("uncategorized_text"),
    };
}
