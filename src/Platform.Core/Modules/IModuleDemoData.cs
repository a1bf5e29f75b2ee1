namespace Platform.Core.Modules;

/// <summary>
/// A module's demo data, registered in DI by the module (scoped). When the host loads the demo recipe into an empty
/// database (<c>--demo</c>), it then runs every registered loader in module dependency order, so a module's demo
/// records can refer to the recipe's regions, people and clients. Loaders must be deterministic.
/// </summary>
public interface IModuleDemoData
{
    /// <summary>The module the data belongs to (loaders run in the catalog's dependency order).</summary>
    string ModuleId { get; }

    /// <summary>Creates the module's demo records, through the module's own services so every rule applies.</summary>
    Task LoadAsync(CancellationToken cancellationToken = default);
}
