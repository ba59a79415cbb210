using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using static System.FormattableString;

namespace MailTls.Reporting;

/// <summary>A horizontal bar chart as inline SVG: drawn by the page itself, so it needs no script and prints as it shows.</summary>
internal static class SvgBarChart
{
    public const int LabelWidth = 124;
    public const int BarSpace = 300;
    public const int RowHeight = 30;
    public const int BarHeight = 18;

    /// <summary>Even one domain among thousands gets a bar that can be seen.</summary>
    public const int MinimumBar = 3;

    private const int Width = LabelWidth + BarSpace + 110;

    /// <summary>A bar's length in whole pixels (so screen and print show the same): proportional to its count, the longest bar full.</summary>
    public static int BarLength(int count, int largest) =>
        count <= 0 || largest <= 0 ? 0 : Math.Max(MinimumBar, (int)Math.Round((double)BarSpace * count / largest, MidpointRounding.AwayFromZero));

    public static void Write(TextWriter output, string id, string title, IReadOnlyList<(string Label, int Count, string Colour)> bars, Func<int, string> share)
    {
        var largest = bars.Count == 0 ? 0 : bars.Max(b => b.Count);
        var height = bars.Count * RowHeight;
        output.Write(Invariant($"<svg id=\"{id}\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title\">"));
        output.Write(Invariant($"<title id=\"{id}-title\">"));
        WebUtility.HtmlEncode(title, output);
        output.Write("</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, count, colour) = bars[i];
            var top = i * RowHeight + (RowHeight - BarHeight) / 2;
            var baseline = top + BarHeight - 5;
            var length = BarLength(count, largest);
            var caption = Invariant($"{count} ({share(count)})");
            output.Write(Invariant($"<text x=\"0\" y=\"{baseline}\">{Encode(label)}</text>"));
            output.Write(Invariant($"<rect x=\"{LabelWidth}\" y=\"{top}\" width=\"{BarSpace}\" height=\"{BarHeight}\" fill=\"#eef2f6\"/>"));
            output.Write(Invariant($"<rect class=\"bar\" x=\"{LabelWidth}\" y=\"{top}\" width=\"{length}\" height=\"{BarHeight}\" fill=\"{colour}\" data-count=\"{count}\"><title>{Encode(label)}: {caption}</title></rect>"));
            output.Write(Invariant($"<text class=\"v\" x=\"{LabelWidth + BarSpace + 8}\" y=\"{baseline}\">{caption}</text>"));
        }

        output.Write("</svg>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
