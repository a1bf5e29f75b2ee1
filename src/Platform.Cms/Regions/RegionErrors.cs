using Platform.Core;

namespace Platform.Cms.Regions;

public static class RegionErrors
{
    public static PlatformException NotFound(string code) => PlatformException.NotFound(
        $"未找到行政区划“{code}”。请检查代码（6 位数字，GB/T 2260），或从列表中选择。",
        $"Region '{code}' was not found. Check the six-digit GB/T 2260 code or pick one from the list.");
}
