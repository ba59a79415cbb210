namespace MailTls;

/// <summary>DESIGN.md's verdict rule, in one place: Error when the check could not run, else the worst severity.</summary>
public static class VerdictRules
{
    public static Verdict From(FindingList findings, bool checkRan)
    {
        if (!checkRan)
        {
            return Verdict.Error;
        }

        return findings.WorstSeverity switch
        {
            Severity.Error => Verdict.Fail,
            Severity.Warning => Verdict.Warn,
            _ => Verdict.Pass,
        };
    }
}
