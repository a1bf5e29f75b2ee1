namespace Platform.Core.Modules;

/// <summary>Who an API scope is for (see <see cref="ApiScopeDescriptor.For"/>); a scope may be for several.</summary>
[Flags]
public enum ScopeAudience
{
    /// <summary>Nobody outside the platform's own admin client.</summary>
    None = 0,
    /// <summary>A provider organisation's own systems: its client-credentials token, and its people signing in through it.</summary>
    ProviderSystems = 1,
    /// <summary>Bureau and platform administrators and liaison officers (through the platform's own admin client).</summary>
    Staff = 2,
    /// <summary>Veterans and their named family, for their own records.</summary>
    Veterans = 4,
}
