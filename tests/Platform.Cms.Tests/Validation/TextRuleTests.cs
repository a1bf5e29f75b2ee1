using Platform.Core;
using Platform.Core.Text;

namespace Platform.Cms.Tests.Validation;

/// <summary>What each kind of text field takes and refuses, and how the validator finds strings inside request objects.</summary>
public sealed class TextRuleTests
{
    private static readonly TextRule Name = new(50, TextKind.SingleLine);
    private static readonly TextRule Notes = new(2000, TextKind.MultiLine);

    [Theory]
    [InlineData("张三")]
    [InlineData("阿卜杜拉·买买提")]
    [InlineData("ئابدۇرېھىم")] // Uyghur in Arabic script: right-to-left by itself, with no override
    [InlineData("O'Brien-Smith 3")]
    [InlineData("王👨‍👩‍👧家")] // an emoji sequence (surrogate pairs and zero-width joiners)
    public void A_name_takes_ordinary_text_of_any_script(string value) => Assert.Null(Name.Problem(value, "姓名"));

    [Theory]
    [InlineData("张\0三", "U+0000")]
    [InlineData("张三\n", "U+000A")]
    [InlineData("张\t三", "U+0009")]
    [InlineData("张\u202E三", "U+202E")]
    [InlineData("张\u2066三", "U+2066")]
    [InlineData("张\u200F三", "U+200F")]
    [InlineData("张\u200B三", "U+200B")]
    [InlineData("\uFEFF张三", "U+FEFF")]
    [InlineData("张\u0085三", "U+0085")]
    [InlineData("张\u007F三", "U+007F")]
    public void A_name_refuses_control_direction_and_invisible_characters_naming_them(string value, string code)
    {
        var refusal = Name.Problem(value, "姓名");
        Assert.NotNull(refusal);
        Assert.Equal(400, refusal.Status);
        Assert.Contains("“姓名”", refusal.MessageZh, StringComparison.Ordinal);
        Assert.Contains(code, refusal.MessageZh, StringComparison.Ordinal);
        Assert.Contains("只能填一行", refusal.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_line_text_takes_line_breaks_and_tabs_but_not_NUL_or_overrides()
    {
        Assert.Null(Notes.Problem("第一行\r\n第二行\t缩进", "情况记录"));
        Assert.Null(Notes.Problem("混排\u200F标记", "情况记录")); // a direction mark, unlike an override, reorders nothing around it
        Assert.Contains("U+0000", Notes.Problem("a\0b", "情况记录")!.MessageZh, StringComparison.Ordinal);
        Assert.Contains("U+202E", Notes.Problem("a\u202Eb", "情况记录")!.MessageZh, StringComparison.Ordinal);
        Assert.Contains("U+001B", Notes.Problem("a\u001Bb", "情况记录")!.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Half_of_a_surrogate_pair_is_refused()
    {
        Assert.NotNull(Notes.Problem("a\uD83D", "情况记录"));
        Assert.NotNull(Notes.Problem("\uDC00a", "情况记录"));
        Assert.Null(Notes.Problem("a\uD83D\uDE00", "情况记录"));
    }

    [Fact]
    public void A_long_value_is_refused_with_the_limit_and_its_length()
    {
        Assert.Null(Name.Problem(new string('张', 50), "姓名"));
        var refusal = Name.Problem(new string('张', 51), "姓名")!;
        Assert.Contains("最多 50 个字，现在是 51 个字", refusal.MessageZh, StringComparison.Ordinal);
        Assert.Contains("takes at most 50 characters", refusal.MessageEn, StringComparison.Ordinal);
        // A rare character outside the BMP (common in names) counts once, as the database counts it.
        Assert.Null(Name.Problem("𠀀" + new string('张', 49), "姓名"));
        Assert.Contains("现在是 51 个字", Name.Problem("𠀀𠀀" + new string('张', 49), "姓名")!.MessageZh, StringComparison.Ordinal);
    }

    private sealed record Member([SingleLine(20, Label = "关系")] string Relation, string? Note);

    private sealed class Form
    {
        [SingleLine(50, Label = "姓名")] public string? Name { get; set; }
        [SingleLine(12, Label = "地区")] public List<string> Regions { get; set; } = [];
        public List<Member> Household { get; set; } = [];
        public string? Undeclared { get; set; }
    }

    [Fact]
    public void The_validator_finds_strings_in_properties_record_parameters_lists_and_nested_objects()
    {
        Assert.Null(TextValidator.Problem(new Form { Name = "张三", Regions = ["511000"], Household = [new("配偶", "无")] }, "表单"));
        Assert.Contains("“姓名”", Problem(new Form { Name = "张\u202E三" }), StringComparison.Ordinal);
        Assert.Contains("“地区”最多 12 个字", Problem(new Form { Regions = ["511000", new string('1', 13)] }), StringComparison.Ordinal);
        Assert.Contains("“关系”", Problem(new Form { Household = [new("配\n偶", null)] }), StringComparison.Ordinal);
        // Undeclared strings get the default: 2,000 characters, several lines, no NUL.
        Assert.Null(TextValidator.Problem(new Form { Undeclared = "一\n二" }, "表单"));
        Assert.Contains("最多 2,000 个字", Problem(new Form { Undeclared = new string('a', 2001) }), StringComparison.Ordinal);
        Assert.Contains("“Note”", Problem(new Form { Household = [new("配偶", "a\0")] }), StringComparison.Ordinal);
        Assert.Throws<PlatformException>(() => TextValidator.Validate("a\0", "备注"));
    }

    private static string Problem(object value) => TextValidator.Problem(value, "表单")?.MessageZh ?? "(passed)";
}
