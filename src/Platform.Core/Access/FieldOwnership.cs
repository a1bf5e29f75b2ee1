namespace Platform.Core.Access;

/// <summary>The one refusal every module gives when a caller sends a field it may not set (<see cref="SetByAttribute"/>).</summary>
public static class FieldOwnership
{
    /// <summary>
    /// 403 naming the field and what to do instead, e.g. <c>Refused("服务地区", "请提交扩展服务地区申请。", "regions served",
    /// "Ask for the wider coverage with a coverage request.")</c>: "服务地区须经主管部门审核：请提交扩展服务地区申请。".
    /// </summary>
    public static PlatformException Refused(string fieldZh, string nextStepZh, string fieldEn, string nextStepEn) =>
        new(403, $"{fieldZh}须经主管部门审核：{nextStepZh}", $"The {fieldEn} is vetted by the bureau and not yours to change. {nextStepEn}");
}
