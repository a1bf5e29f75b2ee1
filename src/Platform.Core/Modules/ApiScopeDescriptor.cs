namespace Platform.Core.Modules;

/// <summary>An OAuth scope a module's API accepts, e.g. <c>offerings.write</c>.</summary>
/// <param name="Name">The scope as tokens carry it.</param>
/// <param name="DescriptionZh">What it allows, in Chinese (shown on the consent page and the client form).</param>
/// <param name="DescriptionEn">The same in English.</param>
/// <param name="For">
/// Whose callers may hold it. A provider's registered client (and a person signing in through it) gets only scopes
/// that name <see cref="ScopeAudience.ProviderSystems"/>; registration and the token endpoint both refuse the rest.
/// </param>
public sealed record ApiScopeDescriptor(string Name, string DescriptionZh, string DescriptionEn, ScopeAudience For);
