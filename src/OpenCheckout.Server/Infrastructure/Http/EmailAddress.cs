namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>What a merchant may save as an email address (a customer's, an account's support address): one plain
/// address (<c>ann@shop.example</c>) with a dotted host — no display name, no comments, no quoting.</summary>
public static class EmailAddress
{
    public static bool IsPlain(string value) =>
        System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value && address.DisplayName.Length == 0
        && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or '(' or ')' or ',' or ';')
        && address.Host.Contains('.') && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');
}
