using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Workflows;
using Platform.Testing;

namespace Platform.Cms.Tests.Workflows;

/// <summary>Definitions are checked when the platform starts: a wrong one names its file, its line and what is wrong.</summary>
public sealed class WorkflowDefinitionTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static readonly HashSet<string> Permissions = ["x.submit", "x.approve"];

    private const string Valid = """
        {
          "id": "review",
          "version": 2,
          "initial": "draft",
          "states": {
            "draft": { "zh": "草稿", "onEntry": [ { "timeout": "48h", "fire": "submit" } ] },
            "submitted": { "onEntry": [ { "notify": "t", "to": "reviewers" } ] },
            "done": { "final": true, "onEntry": [ { "emit": "Done" } ] }
          },
          "transitions": [
            { "name": "submit", "from": ["draft"], "to": "submitted", "permission": "x.submit" },
            { "name": "approve", "from": ["submitted"], "to": "done", "permission": "x.approve", "guard": "ok" }
          ]
        }
        """;

    private static WorkflowDefinition Load(string json) =>
        WorkflowLoader.Load(Encoding.UTF8.GetBytes(json), "test.json", "X", Permissions);

    private static WorkflowDefinitionException Refused(string json) => Assert.Throws<WorkflowDefinitionException>(() => Load(json));

    private static int LineOf(string json, string text) =>
        1 + json[..json.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n');

    [Fact]
    public void A_valid_definition_loads_with_its_states_transitions_and_actions()
    {
        var d = Load(Valid);
        Assert.Equal(("review", 2, "draft"), (d.Id, d.Version, d.Initial));
        Assert.Equal(["draft", "submitted", "done"], d.States.Select(s => s.Name));
        Assert.Equal("草稿", d.State("draft")!.NameZh);
        Assert.Equal(new TimeoutAction(TimeSpan.FromHours(48), "submit", false), d.State("draft")!.OnEntry.Single());
        Assert.Equal(new EmitAction("Done"), d.State("done")!.OnEntry.Single());
        Assert.Equal("ok", d.From("submitted").Single().Guard);
    }

    [Theory]
    [InlineData("\"to\": \"submitted\"", "\"to\": \"nowhere\"", "\"to\": \"nowhere\"", "nowhere")]
    [InlineData("\"from\": [\"submitted\"]", "\"from\": [\"limbo\"]", "\"from\": [\"limbo\"]", "limbo")]
    [InlineData("\"initial\": \"draft\"", "\"initial\": \"start\"", "\"initial\": \"start\"", "start")]
    [InlineData(", \"permission\": \"x.approve\"", "", "{ \"name\": \"approve\"", "没有指定权限")]
    [InlineData("\"permission\": \"x.approve\"", "\"permission\": \"x.delete\"", "\"permission\": \"x.delete\"", "x.delete")]
    [InlineData("\"timeout\": \"48h\"", "\"timeout\": \"two days\"", "\"timeout\": \"two days\"", "two days")]
    [InlineData("\"fire\": \"submit\"", "\"fire\": \"approve\"", "\"fire\": \"approve\"", "approve")]
    [InlineData("\"done\": { \"final\": true,", "\"done\": { \"final\": false,", "\"done\": {", "没有任何出路")]
    public void A_wrong_definition_is_refused_with_the_line_and_the_reason(string replace, string with, string lineOf, string mentions)
    {
        var json = Valid.Replace(replace, with, StringComparison.Ordinal);
        var ex = Refused(json);
        Assert.Equal("test.json", ex.File);
        Assert.Equal(LineOf(json, lineOf), ex.Line);
        Assert.Contains(mentions, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_state_is_refused_on_its_line()
    {
        var json = Valid.Replace("\"done\": {", "\"orphan\": { \"final\": true },\n    \"done\": {", StringComparison.Ordinal);
        var ex = Refused(json);
        Assert.Equal(LineOf(json, "\"orphan\""), ex.Line);
        Assert.Contains("无法到达", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_final_state_with_a_way_out_is_refused()
    {
        var json = Valid.Replace("\"submitted\": {", "\"submitted\": { \"final\": true,", StringComparison.Ordinal);
        Assert.Contains("终止状态", Refused(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_JSON_is_refused_with_its_line()
    {
        var json = Valid.Replace("\"version\": 2,", "\"version\": 2,,", StringComparison.Ordinal);
        var ex = Refused(json);
        Assert.Equal(LineOf(json, "\"version\""), ex.Line);
        Assert.Contains("JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_loads_every_module_definition_at_start()
    {
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        var review = catalog.Find("Alpha", "note-review");
        Assert.NotNull(review);
        Assert.Equal("Alpha:workflows/Alpha/note-review.json", review.Source);
        Assert.Equal(["submit", "approve", "return", "expire"], review.Transitions.Select(t => t.Name));
        Assert.True(review.Transitions.Single(t => t.Name == "return").Customisable);
    }

    [Fact]
    public void A_module_keeps_earlier_versions_loadable_and_new_instances_take_the_highest()
    {
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        Assert.Equal([2, 1], catalog.Versions("Beta", "greeting"));
        Assert.Equal(2, catalog.Find("Beta", "greeting")!.Version);
        Assert.Equal("wave", catalog.Find("Beta", "greeting", 1)!.Transitions.Single().Name);
        Assert.Single(catalog.All, d => d.ModuleId == "Beta");
    }

    [Fact]
    public void A_notification_template_the_module_does_not_ship_stops_the_start_at_its_line()
    {
        var json = "{\n \"id\": \"n\", \"version\": 1, \"initial\": \"a\",\n \"states\": { \"a\": { \"onEntry\": [\n { \"notify\": \"missing\", \"to\": \"reviewers\" } ] }, \"b\": { \"final\": true } },\n \"transitions\": [ { \"name\": \"go\", \"from\": \"a\", \"to\": \"b\", \"permission\": \"p\" } ] }";
        var ex = Assert.Throws<WorkflowDefinitionException>(() =>
            WorkflowLoader.Load(System.Text.Encoding.UTF8.GetBytes(json), "n.json", "M", new HashSet<string> { "p" }, _ => false));
        Assert.Equal(4, ex.Line);
        Assert.Contains("没有通知模板“missing”", ex.Message, StringComparison.Ordinal);

        var bad = json.Replace("\"missing\", \"to\": \"reviewers\"", "\"missing\", \"to\": \"everyone\"", StringComparison.Ordinal);
        var who = Assert.Throws<WorkflowDefinitionException>(() =>
            WorkflowLoader.Load(System.Text.Encoding.UTF8.GetBytes(bad), "n.json", "M", new HashSet<string> { "p" }));
        Assert.Contains("通知对象“everyone”无效", who.Message, StringComparison.Ordinal);
    }
}
