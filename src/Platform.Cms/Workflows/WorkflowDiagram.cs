using System.Globalization;
using System.Net;
using System.Text;
using Platform.Core.Text;
using Platform.Core.Workflows;

namespace Platform.Cms.Workflows;

/// <summary>
/// Draws a definition as SVG on the server: states in columns by their distance from the initial state, arrows
/// for transitions, labelled with the transition's name. No script, so the CSP holds; readable by a screen reader
/// through the title and the table beside it.
/// </summary>
public static class WorkflowDiagram
{
    private const int BoxWidth = 150, BoxHeight = 44, ColumnGap = 90, RowGap = 36, Margin = 20;

    public static string Svg(WorkflowDefinition definition)
    {
        var level = new Dictionary<string, int>(StringComparer.Ordinal) { [definition.Initial] = 0 };
        var queue = new Queue<string>([definition.Initial]);
        while (queue.TryDequeue(out var state))
        {
            foreach (var t in definition.From(state).Where(t => !level.ContainsKey(t.To)))
            {
                level[t.To] = level[state] + 1;
                queue.Enqueue(t.To);
            }
        }
        var positions = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        foreach (var column in definition.States.GroupBy(s => level.GetValueOrDefault(s.Name)).OrderBy(g => g.Key))
        {
            var row = 0;
            foreach (var state in column)
                positions[state.Name] = (Margin + column.Key * (BoxWidth + ColumnGap), Margin + row++ * (BoxHeight + RowGap));
        }
        var width = positions.Values.Max(p => p.X) + BoxWidth + Margin;
        var height = positions.Values.Max(p => p.Y) + BoxHeight + Margin;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" class=\"workflow-diagram\">")
            .Append("<title>").Append(Enc(Bilingual.T($"流程“{definition.Id}”的状态与转换", $"States and transitions of '{definition.Id}'"))).Append("</title>")
            .Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>");
        foreach (var t in definition.Transitions)
        {
            foreach (var from in t.From)
            {
                var (x1, y1) = positions[from];
                var (x2, y2) = positions[t.To];
                var (sx, sy, ex, ey) = x2 > x1
                    ? (x1 + BoxWidth, y1 + BoxHeight / 2, x2, y2 + BoxHeight / 2)
                    : (x1 + BoxWidth / 2, y1 + BoxHeight, x2 + BoxWidth / 2, y2 + BoxHeight); // back or same column: below the boxes
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{sx}\" y1=\"{sy}\" x2=\"{ex}\" y2=\"{ey}\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{(sx + ex) / 2}\" y=\"{(sy + ey) / 2 - 6}\" font-size=\"13\" text-anchor=\"middle\">")
                    .Append(Enc(Bilingual.T(t.NameZh, t.NameEn))).Append("</text>");
            }
        }
        foreach (var state in definition.States)
        {
            var (x, y) = positions[state.Name];
            var fill = state.Name == definition.Initial ? "#fff4d6" : state.Final ? "#e8f3ea" : "#ffffff";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"8\" fill=\"{fill}\" stroke=\"#111\" stroke-width=\"{(state.Final ? 3 : 1.5)}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + BoxWidth / 2}\" y=\"{y + BoxHeight / 2 + 6}\" font-size=\"16\" text-anchor=\"middle\" data-state=\"{Enc(state.Name)}\">")
                .Append(Enc(Bilingual.T(state.NameZh, state.NameEn))).Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
