namespace Platform.Modules.Veterans.Contracts;

/// <summary>Who a served person is: a retired cadre, a cadre's widow(er), or a dependant.</summary>
public enum VeteranKind
{
    /// <summary>军休干部 a retired military cadre.</summary>
    Cadre = 0,
    /// <summary>遗孀/鳏夫 a cadre's surviving spouse.</summary>
    Widowed = 1,
    /// <summary>遗属/家属 another dependant served by the institution.</summary>
    Dependant = 2,
}

/// <summary>Rank band, which decides some entitlements.</summary>
public enum RankBand
{
    /// <summary>军级及以上 army level and above.</summary>
    ArmyAndAbove = 0,
    /// <summary>师级 division level.</summary>
    Division = 1,
    /// <summary>团级 regiment level.</summary>
    Regiment = 2,
    /// <summary>营级及以下 battalion level and below.</summary>
    BattalionAndBelow = 3,
}

/// <summary>Key groups that get priority everywhere (a veteran may be in several).</summary>
[Flags]
public enum KeyGroups
{
    /// <summary>In no key group.</summary>
    None = 0,
    /// <summary>失能 disabled.</summary>
    Disabled = 1,
    /// <summary>失智 cognitively impaired.</summary>
    CognitivelyImpaired = 2,
    /// <summary>独居 living alone.</summary>
    LivingAlone = 4,
    /// <summary>空巢 empty-nest.</summary>
    EmptyNest = 8,
}

/// <summary>
/// What another module may know of a served person: no address, phone, identity number or health notes.
/// </summary>
/// <param name="Id">The registry id (also the <c>veteran</c> part of a veteran's grant).</param>
/// <param name="Name">Full name.</param>
/// <param name="RegionCode">Region of residence.</param>
/// <param name="Kind">Cadre, widow(er) or dependant.</param>
/// <param name="RankBand">Rank band (for a widow(er) or dependant, that of the cadre).</param>
/// <param name="KeyGroups">Key-group flags.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="InstitutionId">The rest home responsible, when there is one.</param>
/// <param name="Deceased">True when a date of death is recorded.</param>
public sealed record VeteranSummary(
    long Id, string Name, string RegionCode, VeteranKind Kind, RankBand RankBand, KeyGroups KeyGroups,
    DateOnly BirthDate, long? InstitutionId, bool Deceased)
{
    /// <summary>Age in whole years on <paramref name="onDate"/>.</summary>
    public int AgeOn(DateOnly onDate)
    {
        var age = onDate.Year - BirthDate.Year;
        return onDate < BirthDate.AddYears(age) ? age - 1 : age;
    }
}

/// <summary>The facts an eligibility rule (sanatorium, recuperation plan, lectures) decides on.</summary>
/// <param name="VeteranId">The registry id.</param>
/// <param name="Age">Age in whole years on the day asked about.</param>
/// <param name="KeyGroups">Key-group flags.</param>
/// <param name="RankBand">Rank band.</param>
/// <param name="Kind">Cadre, widow(er) or dependant.</param>
/// <param name="Deceased">True when a date of death is recorded.</param>
/// <param name="RegionCode">Region of residence.</param>
public sealed record EligibilityFacts(long VeteranId, int Age, KeyGroups KeyGroups, RankBand RankBand, VeteranKind Kind, bool Deceased, string RegionCode);

/// <summary>A filter for <see cref="IVeteranDirectory.ListAsync"/>.</summary>
/// <param name="RegionCodes">Regions to include (the caller passes the subtree it may see).</param>
/// <param name="AnyOf">Only people in at least one of these key groups (None: everyone).</param>
/// <param name="IncludeDeceased">Include people with a date of death.</param>
/// <param name="Take">At most this many, ordered by id.</param>
/// <param name="AfterId">Continue after this id (paging).</param>
public sealed record VeteranQuery(IReadOnlyCollection<string> RegionCodes, KeyGroups AnyOf = KeyGroups.None, bool IncludeDeceased = false, int Take = 100, long AfterId = 0);

/// <summary>
/// Read access to the veterans registry for other modules. It answers facts, not permissions: the calling module
/// checks the caller's scope with <c>IAccessScope</c> (e.g. <c>ForVeteranAsync</c> with the summary's region).
/// </summary>
public interface IVeteranDirectory
{
    /// <summary>The person with this id, or null.</summary>
    Task<VeteranSummary?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>People in the given regions matching the filter, ordered by id.</summary>
    Task<IReadOnlyList<VeteranSummary>> ListAsync(VeteranQuery query, CancellationToken cancellationToken = default);

    /// <summary>Eligibility facts as of <paramref name="onDate"/>, or null when there is no such person.</summary>
    Task<EligibilityFacts?> EligibilityAsync(long id, DateOnly onDate, CancellationToken cancellationToken = default);
}
