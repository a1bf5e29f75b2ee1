using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Tests;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example printed in GB 32100-2015 guidance
    [InlineData("91110108551385082Q")]
    [InlineData("91440300708461136T")]
    [InlineData("12100000400000624D")] // a public institution (事业单位)
    [InlineData("91511000MA62A0001K")] // demo-provider-a
    public void Valid_codes_pass(string code)
    {
        Assert.True(CreditCode.IsValid(code));
        Assert.Null(CreditCode.Problem(code));
    }

    [Theory]
    [InlineData("91350100M000100Y44", "校验位不正确")]   // last character changed
    [InlineData("91350100M000100Y4", "应为 18 位")]      // too short
    [InlineData("91350100M000100Y433", "应为 18 位")]    // too long
    [InlineData("91350100M0001O0Y43", "不是允许的字符")]  // the letter O is not in the charset
    [InlineData("9135010SM000100Y43", "不是允许的字符")]  // nor is S
    [InlineData("91A50100M000100Y4B", "行政区划代码")]    // region digits must be digits
    [InlineData("91110108551385082R", "校验位不正确")]
    public void Invalid_codes_are_refused_with_a_Chinese_reason(string code, string reason)
    {
        Assert.False(CreditCode.IsValid(code));
        Assert.Contains(reason, CreditCode.Problem(code)!.Value.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_codes_are_normalised_before_checking()
    {
        Assert.Equal("91350100M000100Y43", CreditCode.Normalise(" 91350100m000100y43 "));
        Assert.Equal('3', CreditCode.CheckCharacter("91350100M000100Y4"));
    }
}
