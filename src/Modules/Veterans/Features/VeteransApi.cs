using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Contacts;
using Platform.Modules.Veterans.Features.Officers;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Core.Text;

namespace Platform.Modules.Veterans.Features;

public sealed record VeteranListItem(long Id, string Name, string Sex, DateOnly BirthDate, string RegionCode, string Kind, string RankBand,
    IReadOnlyList<string> KeyGroups, bool Deceased, string? Officer);

public sealed record HouseholdMember(string Relation, string Name, string? Phone);

/// <summary>A record as the API shows it; the sensitive fields are present only on the sensitive and self endpoints.</summary>
public sealed record VeteranRecord(long Id, string Name, string Sex, DateOnly BirthDate, string RegionCode, string Kind, string RankBand,
    DateOnly? RetirementDate, long? InstitutionId, string Living, IReadOnlyList<string> KeyGroups, DateOnly? DeceasedDate, string? Officer,
    string? IdNumber, string? Address, string? Phone, string? Phone2, string? HealthNotes, IReadOnlyList<HouseholdMember> Household);

/// <summary>A contact; <paramref name="Kind"/> is a name (<c>Monthly</c>, <c>Hospital</c>…) or its Chinese label (每月联系、住院看望…).</summary>
public sealed record ContactInput(
    DateOnly Date, [SingleLine(20, Label = "联系类型")] string Kind, [MultiLine(2000, Label = "情况记录")] string? Notes,
    [SingleLine(500, Label = "需要跟进的事项")] string? FollowUp);

public sealed record DueEntry(string Reason, long VeteranId, string Name, IReadOnlyList<string> KeyGroups, DateOnly? Date, string? Detail);

/// <summary>/api/v1/veterans: the registry for bureau and rest-home systems, and a veteran's own record.</summary>
public static class VeteransApi
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/people", List).WithName("VeteransList").RequireScope("veterans.read");
        api.MapGet("/people/{id:long}", Get).WithName("VeteransGet").RequireScope("veterans.read").WithMetadata(new RegionAgnosticEndpoint());
        api.MapGet("/people/{id:long}/sensitive", GetSensitive).WithName("VeteransGetSensitive").RequireScope("veterans.sensitive")
            .WithMetadata(new RegionAgnosticEndpoint());
        api.MapPost("/people", Create).WithName("VeteransCreate").RequireScope("veterans.write");
        api.MapPost("/people/{id:long}/contacts", AddContact).WithName("VeteransAddContact").RequireScope("veterans.write")
            .WithMetadata(new RegionAgnosticEndpoint());
        api.MapGet("/due", Due).WithName("VeteransDue").RequireScope("veterans.read");
        api.MapGet("/me", Me).WithName("VeteransMe").RequireScope("veterans.self").WithMetadata(new RegionAgnosticEndpoint());
    }

    private static async Task<Ok<List<VeteranListItem>>> List(string region, string? groups, int? skip, HttpContext http, VeteranRegistry registry)
    {
        var filter = new RegistryFilter(region, ParseGroups(groups));
        var (rows, _) = await registry.ListAsync(http.User, filter, Math.Max(skip ?? 0, 0), 500, http.RequestAborted);
        return TypedResults.Ok(rows.Select(r => new VeteranListItem(r.Id, r.Name, Labels.Sexes[r.Sex], r.BirthDate, r.RegionCode, Labels.Kinds[r.Kind],
            Labels.Ranks[r.RankBand], GroupList(r.KeyGroups), r.DeceasedDate is not null, r.Officer)).ToList());
    }

    private static async Task<Ok<VeteranRecord>> Get(long id, HttpContext http, VeteranRegistry registry, VeteranAccess access)
    {
        var veteran = await access.VisibleToStaffAsync(http.User, id, VeteranPermissions.Read, http.RequestAborted);
        var detail = new VeteranDetail(veteran, false, null, [], null, null, []);
        return TypedResults.Ok(ToRecord(detail, includeSensitive: false));
    }

    private static async Task<Ok<VeteranRecord>> GetSensitive(long id, HttpContext http, VeteranRegistry registry, VeteranAccess access)
    {
        var veteran = await access.VisibleToStaffAsync(http.User, id, VeteranPermissions.Read, http.RequestAborted);
        if (!await access.MaySeeSensitiveAsync(http.User, veteran, http.RequestAborted))
            throw new PlatformException(403, "您无权查看该档案的敏感信息（电话、住址、身份证号、健康信息）。", "You may not see this record's sensitive fields.");
        return TypedResults.Ok(ToRecord(await registry.DetailAsync(http.User, id, "api", http.RequestAborted), includeSensitive: true));
    }

    private static async Task<Created<VeteranRecord>> Create(string region, VeteranForm input, HttpContext http, VeteranRegistry registry,
        VeteranAccess access, Institutions institutions, TimeProvider clock)
    {
        // Scope first: a caller outside the region learns nothing from validation messages.
        await access.EnsureAsync(http.User, VeteranPermissions.Write, region, http.RequestAborted);
        input.RegionCode ??= region;
        var known = await institutions.IdsInAsync(input.RegionCode, http.RequestAborted);
        var (values, errors) = input.Validate(ChinaClock.Today(clock), known.Contains);
        if (values is null) throw PlatformException.Invalid(string.Join(" ", errors), "The record has errors; see message_zh.");
        var id = await registry.CreateAsync(http.User, values, http.RequestAborted);
        var detail = await registry.DetailAsync(http.User, id, "api", http.RequestAborted);
        return TypedResults.Created($"/api/v1/veterans/people/{id}", ToRecord(detail, includeSensitive: false));
    }

    private static async Task<Created> AddContact(long id, ContactInput input, HttpContext http, ContactLog log)
    {
        if (!Labels.TryParse(Labels.ContactKinds, input.Kind, out var kind))
            throw PlatformException.Invalid("联系类型请填写：每月联系、住院看望、生日慰问、节日慰问、矛盾调解、丧事慰问 或 其他。", "Unknown contact kind.");
        var entry = await log.AddAsync(http.User, id, input.Date, kind, input.Notes, input.FollowUp, http.RequestAborted);
        return TypedResults.Created($"/api/v1/veterans/people/{id}/contacts/{entry}");
    }

    private static async Task<Ok<List<DueEntry>>> Due(string region, string? officer, HttpContext http, Officers.Officers officers, VeteranAccess access)
    {
        await access.EnsureAsync(http.User, VeteranPermissions.Read, region, http.RequestAborted);
        var items = await officers.DueAsync(http.User, officer ?? http.User.Identity?.Name ?? "", http.RequestAborted);
        return TypedResults.Ok(items.Select(i => new DueEntry(i.Reason.ToString(), i.VeteranId, i.Name, GroupList(i.KeyGroups), i.Date, i.Detail)).ToList());
    }

    /// <summary>The veteran's (or named family member's) own record, as a JSON file to keep.</summary>
    private static async Task<IResult> Me(HttpContext http, VeteranRegistry registry)
    {
        var ids = GrantClaim.Of(http.User).Where(g => g.Role == PlatformRoles.Veteran && long.TryParse(g.VeteranId, out _))
            .Select(g => long.Parse(g.VeteranId!, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        if (ids.Count == 0) throw PlatformException.NotFound("您的账号没有关联军休干部档案。", "Your account is not linked to a veteran's record.");
        var records = new List<VeteranRecord>();
        foreach (var id in ids) records.Add(ToRecord(await registry.DetailAsync(http.User, id, "self", http.RequestAborted), includeSensitive: true));
        var json = JsonSerializer.SerializeToUtf8Bytes(records, Indented);
        return TypedResults.File(json, "application/json", "my-record.json");
    }

    public static VeteranRecord ToRecord(VeteranDetail d, bool includeSensitive)
    {
        var v = d.Record;
        var show = includeSensitive && d.Sensitive;
        return new VeteranRecord(v.Id, v.Name, Labels.Sexes[v.Sex], v.BirthDate, v.RegionCode, Labels.Kinds[v.Kind], Labels.Ranks[v.RankBand],
            v.RetirementDate, v.InstitutionId, Labels.Livings[v.Living], GroupList(v.KeyGroups), v.DeceasedDate, d.Officer,
            show ? v.IdNumber : null, show ? v.Address : null, show ? v.Phone : null, show ? v.Phone2 : null, show ? d.HealthNotes : null,
            d.Household.Select(h => new HouseholdMember(h.Relation, h.Name, show ? h.Phone : null)).ToList());
    }

    public static IReadOnlyList<string> GroupList(KeyGroups flags) => Labels.Groups.Where(g => flags.HasFlag(g.Key)).Select(g => g.Value).ToList();

    /// <summary>"disabled,living-alone" or the Chinese words; unknown words are refused.</summary>
    public static KeyGroups ParseGroups(string? text)
    {
        var result = KeyGroups.None;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Labels.Groups.FirstOrDefault(g => g.Value == part || string.Equals(g.Key.ToString(), part.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
            if (match.Key == KeyGroups.None)
                throw PlatformException.Invalid($"不认识的重点人群“{part}”：可用 失能、失智、独居、空巢。", $"Unknown key group '{part}'.");
            result |= match.Key;
        }
        return result;
    }
}
