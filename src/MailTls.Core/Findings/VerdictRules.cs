namespace MailTls;

/// <summary>
/// The one rule that turns findings into a verdict, for every check MailTls makes: Error when
/// nothing could be checked; Fail when an Error-severity finding is certain even if parts went
/// unchecked; otherwise the worst severity, or Error where parts went unchecked.
/// </summary>
public static class VerdictRules
{
    public static Verdict From(FindingList findings, CheckCoverage coverage)
    {
        if (coverage == CheckCoverage.None)
        {
            return Verdict.Error;
        }

        var verdict = findings.WorstSeverity switch
        {
            Severity.Error => Verdict.Fail,
            Severity.Warning => Verdict.Warn,
            _ => Verdict.Pass,
        };
        return coverage == CheckCoverage.Partial && verdict != Verdict.Fail ? Verdict.Error : verdict;
    }
}
