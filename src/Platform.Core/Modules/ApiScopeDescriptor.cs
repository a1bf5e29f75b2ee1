namespace Platform.Core.Modules;

/// <summary>An OAuth scope a module's API accepts, e.g. <c>offerings.write</c>.</summary>
public sealed record ApiScopeDescriptor(string Name, string DescriptionZh, string DescriptionEn);
