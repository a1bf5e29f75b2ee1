namespace Platform.Core.Setup;

/// <summary>
/// A module's part of the demo data, registered in DI by the module. The host runs every one, in module dependency
/// order, after it has loaded the demo recipe (regions, switches, accounts) into an empty database (<c>--demo</c>).
/// It must be deterministic, so every demo starts from the same data.
/// </summary>
public interface IModuleDemoData
{
    /// <summary>Adds the module's demo records.</summary>
    Task LoadAsync(CancellationToken cancellationToken = default);
}
