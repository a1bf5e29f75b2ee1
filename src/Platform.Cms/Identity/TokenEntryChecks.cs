using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using Platform.Core.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;
using static OpenIddict.Validation.OpenIddictValidationHandlerFilters;
using Builtin = OpenIddict.Validation.OpenIddictValidationHandlers.Protection;

namespace Platform.Cms.Identity;

/// <summary>
/// The bearer-token check on every API call, made cheap without weakening it. Two changes to OpenIddict's validation
/// pipeline (every module's API benefits):
/// <list type="bullet">
/// <item>The token entry and its authorization are read in one prepared statement (<see cref="PreparedReads"/>) instead
/// of OpenIddict's three EF Core lookups (the token with its application and authorization, then the authorization
/// again). The store is still asked on every call, so a revoked token or authorization is refused at once, on every
/// node.</item>
/// <item>A token's decrypted and signature-checked content is remembered per node (<see cref="DecodedTokens"/>): the
/// same token string always decodes to the same claims, and the RSA decryption was a third of the check. Expiry,
/// audience, token type and the store lookups above still run on every call.</item>
/// </list>
/// </summary>
public static class TokenEntryChecks
{
    /// <summary>Replaces OpenIddict's entry handlers with <see cref="ReadTokenEntry"/> and <see cref="RefuseInvalidEntries"/>, and adds the decode cache.</summary>
    public static void Register(OpenIddictValidationBuilder validation)
    {
        validation.RemoveEventHandler(Builtin.RestoreTokenEntryProperties.Descriptor);
        validation.RemoveEventHandler(Builtin.ValidateTokenEntry.Descriptor);
        validation.RemoveEventHandler(Builtin.ValidateAuthorizationEntry.Descriptor);
        validation.AddEventHandler(ReadTokenEntry.Descriptor);
        validation.AddEventHandler(RefuseInvalidEntries.Descriptor);
        validation.AddEventHandler(DecodedTokens.Reuse.Descriptor);
        validation.AddEventHandler(DecodedTokens.Remember.Descriptor);
    }

    /// <summary>What the store says about a token, read once per call.</summary>
    internal sealed record TokenEntry(string? Status, string? AuthorizationStatus, bool AuthorizationFound);

    private const string EntryKey = "platform:token-entry";

    /// <summary>
    /// Reads the token entry and its authorization in one statement and restores the entry's dates, identifiers and type
    /// on the principal, as OpenIddict's <c>RestoreTokenEntryProperties</c> does; a missing entry, or a reference token's
    /// payload used as a plain token, is refused the same way.
    /// </summary>
    public sealed class ReadTokenEntry(PreparedReads reads) : IOpenIddictValidationHandler<ValidateTokenContext>
    {
        private const string Sql = """
            SELECT t."Status", t."ReferenceId", t."CreationDate", t."ExpirationDate", t."AuthorizationId", t."Type", t."Id",
                   a."Id", a."Status"
            FROM core_oauth_tokens t LEFT JOIN core_oauth_authorizations a ON a."Id" = t."AuthorizationId"
            WHERE t."Id" = @id
            """;

        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .AddFilter<RequireTokenEntryValidationEnabled>()
                .UseSingletonHandler<ReadTokenEntry>()
                .SetOrder(Builtin.RestoreTokenEntryProperties.Descriptor.Order)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.Principal is null) return;
            // No identifier: the token has no entry in the store (token storage off); nothing to restore or check.
            var identifier = context.Principal.GetTokenId();
            if (string.IsNullOrEmpty(identifier)) return;

            await using var lease = await reads.LeaseAsync(context.CancellationToken);
            await using var reader = await ReadLease.Set(lease.Command(Sql), "@id", identifier).ExecuteReaderAsync(context.CancellationToken);
            if (!await reader.ReadAsync(context.CancellationToken)
                // A reference token's payload must never be accepted as a plain token (it would mean the stored payload leaked).
                || (!context.IsReferenceToken && !reader.IsDBNull(1) && reader.GetString(1).Length > 0))
            {
                context.Reject(Errors.InvalidToken, "The specified token is invalid.");
                return;
            }

            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            DateTimeOffset? Date(int i) => reader.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc));
            context.Principal
                .SetCreationDate(Date(2))
                .SetExpirationDate(Date(3))
                .SetAuthorizationId(context.AuthorizationId = Text(4))
                .SetTokenId(context.TokenId = Text(6))
                .SetTokenType(Text(5));
            context.Transaction.Properties[EntryKey] = new TokenEntry(Text(0), Text(8), !reader.IsDBNull(7));
        }
    }

    /// <summary>
    /// Refuses a token whose entry is no longer valid (revoked, redeemed) or whose authorization is missing or no longer
    /// valid, at the places in the pipeline where OpenIddict's <c>ValidateTokenEntry</c> and <c>ValidateAuthorizationEntry</c> ran.
    /// </summary>
    public sealed class RefuseInvalidEntries : IOpenIddictValidationHandler<ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .AddFilter<RequireTokenEntryValidationEnabled>()
                .AddFilter<RequireTokenIdResolved>()
                .UseSingletonHandler<RefuseInvalidEntries>()
                .SetOrder(Builtin.ValidateTokenEntry.Descriptor.Order)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (!context.Transaction.Properties.Remove(EntryKey, out var value) || value is not TokenEntry entry)
                throw new InvalidOperationException("The token entry was not read before it was checked.");
            if (!string.Equals(entry.Status, Statuses.Valid, StringComparison.Ordinal))
            {
                context.Reject(Errors.InvalidToken, "The token is no longer valid.");
                return ValueTask.CompletedTask;
            }
            if (context.Options.EnableAuthorizationEntryValidation && !string.IsNullOrEmpty(context.AuthorizationId)
                && (!entry.AuthorizationFound || !string.Equals(entry.AuthorizationStatus, Statuses.Valid, StringComparison.Ordinal)))
            {
                context.Reject(Errors.InvalidToken, "The authorization associated with the token is no longer valid.");
            }
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// Decoded access tokens, remembered per node for their lifetime (at most an hour, 4,096 tokens). Keyed by the token
/// string and the issuer the request expects, so a token presented on another host name is checked afresh. Entries are
/// clones; every call gets its own copy of the claims.
/// </summary>
public sealed class DecodedTokens : IDisposable
{
    internal const int Capacity = 4096;
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);
    private const string HitKey = "platform:decoded-token-reused";
    private readonly MemoryCache _cache;
    private readonly TimeProvider _clock;

    public DecodedTokens(TimeProvider clock)
    {
        _clock = clock;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Capacity });
    }

    /// <summary>How many decoded tokens are held (for tests).</summary>
    public int Count => _cache.Count;

    public void Dispose() => _cache.Dispose();

    private static string? Issuer(ValidateTokenContext context) => (context.Configuration.Issuer ?? context.BaseUri)?.AbsoluteUri;

    /// <summary>A copy of the claims of a token decoded before for this issuer, or null.</summary>
    public ClaimsPrincipal? Find(string? issuer, string token) =>
        _cache.TryGetValue((issuer, token), out ClaimsPrincipal? principal) ? Copy(principal!) : null;

    /// <summary>Remembers a copy of a decoded token's claims until the token expires (nothing for a token without expiry).</summary>
    public void Keep(string? issuer, string token, ClaimsPrincipal principal)
    {
        var now = _clock.GetUtcNow();
        var expires = principal.GetExpirationDate() ?? ExpiryClaim(principal);
        if (expires is null || expires <= now) return;
        var keep = expires.Value - now < Longest ? expires.Value - now : Longest;
        _cache.Set((issuer, token), Copy(principal), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = keep, Size = 1 });
    }

    /// <summary>A deep copy: <see cref="ClaimsPrincipal.Clone"/> shares the identities, and OpenIddict's later handlers change them.</summary>
    private static ClaimsPrincipal Copy(ClaimsPrincipal principal) => new(principal.Identities.Select(i => i.Clone()));

    private static DateTimeOffset? ExpiryClaim(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst(Claims.ExpiresAt)?.Value, System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Before OpenIddict decrypts and checks the signature: hands back the claims of a token decoded before.</summary>
    public sealed class Reuse(DecodedTokens tokens) : IOpenIddictValidationHandler<ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<Reuse>()
                .SetOrder(Builtin.ValidateIdentityModelToken.Descriptor.Order - 500)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            // Only plain JWTs: a reference token's payload comes from the store and is checked afresh.
            if (context.Principal is not null || context.IsReferenceToken || string.IsNullOrEmpty(context.Token)) return ValueTask.CompletedTask;
            if (tokens.Find(Issuer(context), context.Token) is { } principal)
            {
                context.Principal = principal;
                context.Transaction.Properties[HitKey] = true;
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>After OpenIddict decoded a token successfully: keeps a copy of its claims.</summary>
    public sealed class Remember(DecodedTokens tokens) : IOpenIddictValidationHandler<ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<Remember>()
                .SetOrder(Builtin.ValidateIdentityModelToken.Descriptor.Order + 500)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.Transaction.Properties.Remove(HitKey)
                || context.IsRejected || context.Principal is null || context.IsReferenceToken || string.IsNullOrEmpty(context.Token))
                return ValueTask.CompletedTask;
            tokens.Keep(Issuer(context), context.Token, context.Principal);
            return ValueTask.CompletedTask;
        }
    }
}
