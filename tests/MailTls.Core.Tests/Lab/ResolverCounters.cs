using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Xunit;

namespace MailTls.Tests.Lab;

/// <summary>
/// How many queries the lab's unbound has answered (unbound-control stats_noreset), so a test can
/// count what reached the resolver. Tests that count run in this collection, alone: nothing else
/// queries the resolver meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ResolverCounters
{
    public const string Name = "Queries counted at the lab resolver";

    public static long Queries()
    {
        var start = new ProcessStartInfo("unbound-control", $"-c {LabInfo.Instance.UnboundConfig} stats_noreset")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("total.num.queries=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"unbound-control printed no total.num.queries: {output}");
        return long.Parse(line.Substring(line.IndexOf('=') + 1), CultureInfo.InvariantCulture);
    }
}
