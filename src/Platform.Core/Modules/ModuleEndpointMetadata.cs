namespace Platform.Core.Modules;

/// <summary>Where a module endpoint belongs: public site, admin or API.</summary>
public enum ModuleSurface
{
    /// <summary>Public pages under <c>/r/{region}/{slug}</c>.</summary>
    Public,
    /// <summary>Admin pages under <c>/admin/{slug}</c>.</summary>
    Admin,
    /// <summary>API under <c>/api/v1/{slug}</c>.</summary>
    Api,
}

/// <summary>Endpoint metadata naming the module that owns an endpoint; the host's feature gate reads it.</summary>
public sealed record ModuleEndpointMetadata(string ModuleId, ModuleSurface Surface);
