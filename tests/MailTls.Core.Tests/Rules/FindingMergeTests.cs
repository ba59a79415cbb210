using System.Linq;
using MailTls.Rules;
using Xunit;

namespace MailTls.Tests.Rules;

public class FindingMergeTests
{
    [Fact]
    public void ByCode_SameCodeThreeTimes_IsOneFindingWithEveryDetailAndTheWorstSeverity()
    {
        var merged = FindingMerge.ByCode(new[]
        {
            new Finding("MTASTS_MX_TLS_FAILED", Severity.Warning, "mx1 [192.0.2.1]: untrusted."),
            new Finding("MTASTS_NOT_PUBLISHED", Severity.Error, "no record."),
            new Finding("MTASTS_MX_TLS_FAILED", Severity.Error, "mx1 [2001:db8::1]: untrusted."),
            new Finding("MTASTS_MX_TLS_FAILED", Severity.Warning, "mx2 [192.0.2.2]: expired."),
        });

        Assert.Equal(new[] { "MTASTS_MX_TLS_FAILED", "MTASTS_NOT_PUBLISHED" }, merged.Select(f => f.Code));
        Assert.Equal(Severity.Error, merged[0].Severity);
        Assert.Equal("mx1 [192.0.2.1]: untrusted. mx1 [2001:db8::1]: untrusted. mx2 [192.0.2.2]: expired.", merged[0].Message);
    }
}
