using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MailTls.Reporting;
using Xunit;

namespace MailTls.Tests.Reporting.Browser;

/// <summary>The HTML report as a person sees it: drawn by Chromium, looked at pixel by pixel, sorted by clicks.</summary>
public class ReportInBrowserTests : IClassFixture<ReportInBrowserFixture>
{
    private const string BarsScript = """
        JSON.stringify(Array.from(document.querySelectorAll('svg rect.bar')).map(function (r) {
          var b = r.getBoundingClientRect();
          return { chart: r.ownerSVGElement.id, x: b.x, y: b.y, w: b.width, h: b.height, fill: r.getAttribute('fill'), count: +r.getAttribute('data-count') };
        }))
        """;

    private readonly ReportInBrowserFixture _page;

    public ReportInBrowserTests(ReportInBrowserFixture page) => _page = page;

    [Fact]
    public async Task Charts_WithScript_ShowEachBarInItsColourAtItsLength()
    {
        await AssertChartsDrawn(_page.WithScript);
    }

    [Fact]
    public async Task Charts_WithoutScript_AreDrawnAllTheSame()
    {
        await AssertChartsDrawn(_page.WithoutScript);
    }

    [Fact]
    public async Task Page_AppliesItsStyleAndShowsEveryDomain()
    {
        Assert.Equal("rgb(36, 59, 83)", (await _page.Browser.EvaluateAsync("getComputedStyle(document.querySelector('h1')).color")).GetString());
        Assert.Equal(22, (await _page.Browser.EvaluateAsync("document.querySelectorAll('#domains tbody tr').length")).GetInt32());
        Assert.True((await _page.Browser.EvaluateAsync("document.getElementById('domains').classList.contains('sortable')")).GetBoolean());
    }

    [Fact]
    public void Page_WithoutScript_StillHasTheWholeTable()
    {
        var body = Regex.Match(_page.DomWithoutScript, "<table id=\"domains\">.*?<tbody>(.*?)</tbody>", RegexOptions.Singleline);
        Assert.True(body.Success, "the domain table is missing");
        Assert.Equal(22, Regex.Matches(body.Groups[1].Value, "<tr>").Count);
        Assert.DoesNotContain("class=\"sortable\"", _page.DomWithoutScript);
        Assert.Contains("Findings and fixes", _page.DomWithoutScript);
    }

    [Fact]
    public async Task HostileNameAndMessages_ShowAsTextAndRunNothing()
    {
        Assert.Equal("undefined", (await _page.Browser.EvaluateAsync("typeof window.pwned")).GetString());
        Assert.Equal(0, (await _page.Browser.EvaluateAsync("document.querySelectorAll('main img, main b, main script').length")).GetInt32());
        Assert.True((await _page.Browser.EvaluateAsync("Array.from(document.querySelectorAll('#domains tbody td:first-child')).some(function (td) { return td.textContent.indexOf('<img src=x onerror=\"window.pwned=1\">.example') === 0; })")).GetBoolean());
        Assert.True((await _page.Browser.EvaluateAsync("document.body.textContent.indexOf('<script>window.pwned=2</script>') > 0")).GetBoolean());
    }

    [Fact]
    public async Task Sorting_ByDaysToExpiry_OrdersNumbersBothWaysWithBlanksLast()
    {
        for (var click = 0; click < 2; click++)
        {
            var (direction, keys) = await ClickAsync("Days to expiry", 5);
            var numbers = keys.TakeWhile(k => k.Length > 0).Select(int.Parse).ToArray();
            Assert.Equal(18, numbers.Length);
            Assert.All(keys.Skip(18), k => Assert.Equal(string.Empty, k));
            Assert.Equal(direction == "ascending" ? numbers.Order() : numbers.OrderDescending(), numbers);
            Assert.Contains(-10, numbers);
        }
    }

    [Fact]
    public async Task Sorting_ByVerdictAndDomain_FollowsTheKeys()
    {
        var (direction, ranks) = await ClickAsync("Verdict", 1);
        var values = ranks.Select(int.Parse).ToArray();
        Assert.Equal(direction == "ascending" ? values.Order() : values.OrderDescending(), values);
        Assert.Equal(3, values.Distinct().Count());

        var (domainDirection, names) = await ClickAsync("Domain", 0, "data-s");
        var plain = names.Where(n => n.StartsWith('d')).ToArray();
        Assert.Equal(21, plain.Length);
        Assert.Equal(domainDirection == "ascending" ? plain.Order(StringComparer.Ordinal) : plain.OrderDescending(StringComparer.Ordinal), plain);
    }

    private async Task AssertChartsDrawn(PngImage image)
    {
        Assert.Equal(HeadlessChromium.Width, image.Width);
        var bars = JsonDocument.Parse((await _page.Browser.EvaluateAsync(BarsScript)).GetString()!).RootElement.EnumerateArray().ToArray();
        Assert.Equal(10, bars.Length);
        foreach (var chart in new[] { ("chart-protocol", ReportInBrowserFixture.ProtocolCounts), ("chart-expiry", ReportInBrowserFixture.ExpiryCounts) })
        {
            var drawn = bars.Where(b => b.GetProperty("chart").GetString() == chart.Item1).ToArray();
            Assert.Equal(chart.Item2, drawn.Select(b => b.GetProperty("count").GetInt32()).ToArray());
            var largest = chart.Item2.Max();
            foreach (var bar in drawn)
            {
                var (x, y, height) = ((int)Math.Round(bar.GetProperty("x").GetDouble()), (int)Math.Round(bar.GetProperty("y").GetDouble()), (int)Math.Round(bar.GetProperty("h").GetDouble()));
                var colour = Colour(bar.GetProperty("fill").GetString()!);
                var count = bar.GetProperty("count").GetInt32();
                var expected = SvgBarChart.BarLength(count, largest);
                var middle = y + (height / 2);

                // The run of the bar's colour from its left edge is as long as its count makes it.
                var run = Enumerable.Range(x, SvgBarChart.BarSpace + 20).TakeWhile(px => Near(image[px, middle], colour)).Count();
                Assert.InRange(run, expected - 1, expected + 1);

                // And the whole bar is that colour, top to bottom.
                if (expected > 2)
                {
                    var inside = (from px in Enumerable.Range(x + 1, expected - 2) from py in Enumerable.Range(y + 1, height - 2) select image[px, py]).ToArray();
                    Assert.True(inside.Count(p => Near(p, colour)) >= inside.Length * 0.98, $"{chart.Item1} bar of {count} is not {bar.GetProperty("fill")}");
                }
            }
        }
    }

    private async Task<(string Direction, string[] Keys)> ClickAsync(string heading, int column, string key = "data-v")
    {
        var script = $$"""
            (function () {
              var head = Array.from(document.querySelectorAll('#domains thead th')).filter(function (h) { return h.textContent.trim() === '{{heading}}'; })[0];
              head.click();
              var keys = Array.from(document.querySelectorAll('#domains tbody tr')).map(function (r) { return r.cells[{{column}}].getAttribute('{{key}}'); });
              return JSON.stringify({ direction: head.getAttribute('aria-sort'), keys: keys });
            })()
            """;
        var result = JsonDocument.Parse((await _page.Browser.EvaluateAsync(script)).GetString()!).RootElement;
        return (result.GetProperty("direction").GetString()!, result.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray());
    }

    private static (byte R, byte G, byte B) Colour(string hex) =>
        (Convert.ToByte(hex[1..3], 16), Convert.ToByte(hex[3..5], 16), Convert.ToByte(hex[5..7], 16));

    private static bool Near((byte R, byte G, byte B) pixel, (byte R, byte G, byte B) colour) =>
        Math.Abs(pixel.R - colour.R) <= 3 && Math.Abs(pixel.G - colour.G) <= 3 && Math.Abs(pixel.B - colour.B) <= 3;
}
