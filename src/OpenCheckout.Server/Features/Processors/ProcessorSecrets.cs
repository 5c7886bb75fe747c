using Microsoft.AspNetCore.DataProtection;

namespace OpenCheckout.Server.Features.Processors;

/// <summary>Processor keys at rest: encrypted with Data Protection, whose key ring is in the database, so every node decrypts
/// what any node stored. A stolen database dump holds ciphertext only if the key ring is protected too (docs/processors.md).</summary>
public sealed class ProcessorSecrets(IDataProtectionProvider provider)
{
    readonly IDataProtector _protector = provider.CreateProtector("OpenCheckout.Processors.Secrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
