using Microsoft.AspNetCore.Identity;

namespace Platform.Cms.Identity;

/// <summary>A person who signs in: staff of a bureau, rest home or provider, a veteran or a family member.</summary>
public sealed class PlatformUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One scoped role held by a person: a role plus the region subtree, organisation or veteran it applies to.
/// A person may hold several.
/// </summary>
public sealed class AccessGrant
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Role { get; set; }
    public string? RegionCode { get; set; }
    public string? OrganisationId { get; set; }
    public string? InstitutionId { get; set; }
    public string? VeteranId { get; set; }
    public required string GrantedBy { get; set; }
    public DateTime GrantedAt { get; set; }
}

/// <summary>An X.509 certificate used by the authorization server to sign or encrypt tokens; kept in the database so every node and every restart shares it.</summary>
public sealed class ServerKey
{
    public long Id { get; set; }
    public required string Use { get; set; }
    public required string Pfx { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NotAfter { get; set; }
    public DateTime? RetiredAt { get; set; }
}

/// <summary>A Data Protection key (cookies, antiforgery), shared by every node through the database.</summary>
public sealed class DataProtectionKeyRow
{
    public long Id { get; set; }
    public required string FriendlyName { get; set; }
    public required string Xml { get; set; }
}
