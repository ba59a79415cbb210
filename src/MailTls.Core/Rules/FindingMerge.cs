using System.Collections.Generic;
using System.Linq;

namespace MailTls.Rules;

/// <summary>One finding per code: three MX hosts with the same problem are one finding that names all three.</summary>
internal static class FindingMerge
{
    public static IReadOnlyList<Finding> ByCode(IEnumerable<Finding> findings) =>
        findings.GroupBy(f => f.Code)
            .Select(g => g.Count() == 1
                ? g.First()
                : new Finding(g.Key, g.Max(f => f.Severity), string.Join(" ", g.Select(f => f.Message).Distinct())))
            .ToArray();
}
