namespace Platform.Core.Access;

/// <summary>
/// Declares who may set a field of a write (a request record's property or a page's bound property): the roles named
/// here, each within its own scope, and the platform administrator. Any other caller that sends the field with a value
/// other than the stored one is refused (403) and nothing is stored; sending the stored value, or leaving it out, is
/// fine, so a client that writes back what it read still works.
/// </summary>
/// <remarks>
/// Fields the bureau vets (regions served, category, legal name, credit code, status, organisation, home region) name
/// <see cref="PlatformRoles.BureauAdmin"/> only: a provider's own staff and systems never set them. The service doing
/// the write enforces it; the attribute is the declaration tests walk (every write's fields, found from the route
/// table and the request types), so a field that sounds vetted and declares no owner fails the architecture test.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class SetByAttribute(params string[] roles) : Attribute
{
    /// <summary>The roles that may set the field (the platform administrator always may).</summary>
    public IReadOnlyList<string> Roles { get; } = roles;

    /// <summary>Whether a caller holding <paramref name="role"/> may set the field.</summary>
    public bool Allows(string role) => role == PlatformRoles.PlatformAdmin || Roles.Contains(role);
}
