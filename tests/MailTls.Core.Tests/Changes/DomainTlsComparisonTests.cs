using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace MailTls.Tests.Changes;

public class DomainTlsComparisonTests
{
    private const string Domain = "partner.test";

    [Fact]
    public void Compare_TheSameRun_GivesNoChange()
    {
        var state = Rows.State(Domain);

        Assert.Empty(Rows.Compare(state, Rows.State(Domain, ("CheckedAt", "2026-12-02T02:00:00Z"), ("ElapsedMs", "1.0"), ("Summary", "Reworded."))));
    }

    [Theory]
    [InlineData("ForcedTls", "Verify", "Encrypt")]
    [InlineData("ForcedTls", "Dane", "None")]
    [InlineData("MxWithoutStartTls", "0", "1")]
    [InlineData("CertificatesValid", "True", "False")]
    [InlineData("DaysUntilEarliestExpiry", "31", "29")]
    [InlineData("DaysUntilEarliestExpiry", "200", "13")]
    [InlineData("DaysUntilEarliestExpiry", "8", "6")]
    [InlineData("DaysUntilEarliestExpiry", "2", "-1")]
    [InlineData("MtaStsMode", "Enforce", "Testing")]
    [InlineData("MtaStsMode", "Testing", "None")]
    [InlineData("MtaStsMode", "Enforce", "")]
    [InlineData("MtaStsValid", "True", "False")]
    [InlineData("Dane", "Valid", "Mismatch")]
    [InlineData("Dane", "Valid", "None")]
    [InlineData("LowestProtocol", "Tls13", "Tls12")]
    [InlineData("LowestProtocol", "Tls12", "Tls10")]
    [InlineData("Verdict", "Pass", "Warn")]
    [InlineData("Verdict", "Warn", "Error")]
    public void Compare_ADegradation_IsOneDegradedWarningOfThatColumn(string column, string before, string after)
    {
        var changes = Rows.Compare(Rows.State(Domain, (column, before)), Rows.State(Domain, (column, after)));

        var change = Assert.Single(changes);
        Assert.Equal(DomainTlsChangeKind.Degraded, change.Change);
        Assert.Equal(Severity.Warning, change.Severity);
        Assert.Equal(column, change.Property);
        Assert.Equal(before, change.Before);
        Assert.Equal(after, change.After);
        Assert.Contains(Domain, change.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ForcedTls", "Encrypt", "Verify")]
    [InlineData("MxWithoutStartTls", "1", "0")]
    [InlineData("CertificatesValid", "False", "True")]
    [InlineData("DaysUntilEarliestExpiry", "5", "89")]
    [InlineData("MtaStsMode", "Testing", "Enforce")]
    [InlineData("MtaStsMode", "", "Testing")]
    [InlineData("MtaStsValid", "False", "True")]
    [InlineData("Dane", "Partial", "Valid")]
    [InlineData("LowestProtocol", "Tls12", "Tls13")]
    [InlineData("Verdict", "Fail", "Pass")]
    public void Compare_AnImprovement_IsOneImprovedInfo(string column, string before, string after)
    {
        var change = Assert.Single(Rows.Compare(Rows.State(Domain, (column, before)), Rows.State(Domain, (column, after))));

        Assert.Equal(DomainTlsChangeKind.Improved, change.Change);
        Assert.Equal(Severity.Info, change.Severity);
        Assert.Equal(column, change.Property);
    }

    [Theory]
    [InlineData("MxHosts", "mx1.partner.test; mx2.partner.test", "mx1.partner.test; mx3.partner.test")]
    [InlineData("Findings", "", "MTASTS_TESTING")]
    [InlineData("TlsRpt", "Valid", "NotPublished")]
    [InlineData("DnssecSigned", "True", "False")]
    [InlineData("Dane", "None", "Partial")]
    [InlineData("LowestProtocol", "Tls12", "")]
    [InlineData("CertificatesValid", "True", "")]
    [InlineData("Verdict", "Fail", "Error")]
    public void Compare_AChangeNeitherBetterNorWorse_IsOneChangedInfo(string column, string before, string after)
    {
        var change = Assert.Single(Rows.Compare(Rows.State(Domain, (column, before)), Rows.State(Domain, (column, after))));

        Assert.Equal(DomainTlsChangeKind.Changed, change.Change);
        Assert.Equal(Severity.Info, change.Severity);
        Assert.Equal(column, change.Property);
    }

    [Theory]
    [InlineData("29", "28")]
    [InlineData("13", "8")]
    [InlineData("-1", "-2")]
    [InlineData("200", "199")]
    public void Compare_CountingDownBetweenTheMarks_IsNoChange(string before, string after)
    {
        Assert.Empty(Rows.Compare(Rows.State(Domain, ("DaysUntilEarliestExpiry", before)), Rows.State(Domain, ("DaysUntilEarliestExpiry", after))));
    }

    [Fact]
    public void Compare_ExpiryAcrossSeveralMarks_NamesTheMostUrgent()
    {
        var change = Assert.Single(Rows.Compare(Rows.State(Domain, ("DaysUntilEarliestExpiry", "40")), Rows.State(Domain, ("DaysUntilEarliestExpiry", "5"))));

        Assert.Contains("less than 7 days", change.Message, StringComparison.Ordinal);
        Assert.Contains("2027-06-01T00:00:00Z", change.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_MxHostsInAnotherOrder_IsNoChange()
    {
        Assert.Empty(Rows.Compare(Rows.State(Domain), Rows.State(Domain, ("MxHosts", "MX2.partner.test; mx1.partner.test."))));
    }

    [Fact]
    public void Compare_ADomainThatLostItsLevel_SaysWhyWithTheLaterSummary()
    {
        var after = Rows.State(Domain, ("ForcedTls", "Encrypt"), ("Summary", "Every MX host encrypts, but the certificate of mx2.partner.test would not verify."));

        var change = Assert.Single(Rows.Compare(Rows.State(Domain), after));

        Assert.Equal($"{Domain} now bears only ForcedTls Encrypt, down from Verify. Every MX host encrypts, but the certificate of mx2.partner.test would not verify.", change.Message);
    }

    [Fact]
    public void Compare_APolicyDomainBelowItsLevel_MakesEveryDegradationAnErrorThatSaysMailBounces()
    {
        var after = Rows.State(Domain, ("ForcedTls", "Encrypt"), ("CertificatesValid", "False"), ("CertificateProblems", "CERT_EXPIRED"), ("Findings", "CERT_EXPIRED"));

        var changes = Rows.Compare(Rows.State(Domain), after, ForcedTlsLevel.Verify);

        Assert.Equal(new[] { "ForcedTls", "CertificatesValid", "Findings" }, changes.Select(c => c.Property));
        foreach (var degraded in changes.Where(c => c.Change == DomainTlsChangeKind.Degraded))
        {
            Assert.Equal(Severity.Error, degraded.Severity);
            Assert.StartsWith($"Mail to {Domain} will now bounce or defer under the forced-TLS policy; ", degraded.Message, StringComparison.Ordinal);
        }

        Assert.Equal(Severity.Info, changes.Single(c => c.Property == "Findings").Severity);
        Assert.Contains("CERT_EXPIRED", changes.Single(c => c.Property == "CertificatesValid").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ADaneDomainWhoseCertificatesStopVerifying_BreaksAPolicyThatVerifies_NotADanePolicy()
    {
        var before = Rows.State(Domain, ("ForcedTls", "Dane"), ("Dane", "Valid"));
        var after = Rows.State(Domain, ("ForcedTls", "Dane"), ("Dane", "Valid"), ("CertificatesValid", "False"), ("CertificateProblems", "CERT_UNTRUSTED"));

        Assert.Equal(Severity.Error, Assert.Single(Rows.Compare(before, after, ForcedTlsLevel.Verify)).Severity);
        Assert.Equal(Severity.Warning, Assert.Single(Rows.Compare(before, after, ForcedTlsLevel.Dane)).Severity);
        Assert.Equal(Severity.Warning, Assert.Single(Rows.Compare(before, after, ForcedTlsLevel.Encrypt)).Severity);
    }

    [Fact]
    public void Compare_APolicyDomainStillAtItsLevel_IsAWarning()
    {
        var change = Assert.Single(Rows.Compare(Rows.State(Domain), Rows.State(Domain, ("ForcedTls", "Encrypt")), ForcedTlsLevel.Encrypt));

        Assert.Equal(Severity.Warning, change.Severity);
    }

    [Fact]
    public void Compare_APolicyDomainNamedWithoutLevel_IsHeldToItsEarlierLevel()
    {
        var change = Assert.Single(Rows.Compare(Rows.State(Domain, ("ForcedTls", "Dane"), ("Dane", "Valid")), Rows.State(Domain, ("ForcedTls", "Dane"), ("Dane", "Valid"), ("MtaStsValid", "False")), policy: null, inPolicy: true));
        Assert.Equal(Severity.Warning, change.Severity);

        var dropped = Rows.Compare(Rows.State(Domain, ("ForcedTls", "Dane"), ("Dane", "Valid")), Rows.State(Domain, ("ForcedTls", "Verify"), ("Dane", "Mismatch")), policy: null, inPolicy: true);
        Assert.All(dropped, c => Assert.Equal(Severity.Error, c.Severity));
        Assert.Equal(2, dropped.Count);
    }

    [Theory]
    [InlineData(ForcedTlsLevel.Verify, "6", Severity.Error)]
    [InlineData(ForcedTlsLevel.Verify, "13", Severity.Warning)]
    [InlineData(ForcedTlsLevel.Dane, "6", Severity.Warning)]
    [InlineData(ForcedTlsLevel.Encrypt, "6", Severity.Warning)]
    public void Compare_ACertificateNearExpiry_IsAnErrorOnlyWhereThePolicyVerifiesCertificates(ForcedTlsLevel policy, string days, Severity severity)
    {
        var change = Assert.Single(Rows.Compare(Rows.State(Domain, ("ForcedTls", policy.ToString())), Rows.State(Domain, ("ForcedTls", policy.ToString()), ("DaysUntilEarliestExpiry", days)), policy));

        Assert.Equal(severity, change.Severity);
        if (severity == Severity.Error)
        {
            Assert.StartsWith($"Mail to {Domain} will bounce or defer under the forced-TLS policy once the certificate expires", change.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compare_NewMxHostsOfAPolicyDomain_IsAWarningToExportAgain()
    {
        var change = Assert.Single(Rows.Compare(Rows.State(Domain), Rows.State(Domain, ("MxHosts", "mx.hoster.test")), ForcedTlsLevel.Verify));

        Assert.Equal(Severity.Warning, change.Severity);
        Assert.Contains("new: mx.hoster.test; gone: mx1.partner.test, mx2.partner.test", change.Message, StringComparison.Ordinal);
        Assert.Contains("export it again", change.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DomainsInOneRunOnly_AreAddedAndRemoved_LaterRunOrderFirst()
    {
        var before = new[] { Rows.State("a.test"), Rows.State("gone.test", ("ForcedTls", "Encrypt")), Rows.State("b.test") };
        var after = new[] { Rows.State("b.test"), Rows.State("new.test", ("ForcedTls", "None")), Rows.State("a.test") };

        var changes = DomainTlsComparison.Compare(before, after, Array.Empty<ForcedTlsPolicyEntry>());

        Assert.Equal(new[] { "new.test: Added", "gone.test: Removed" }, changes.Select(c => c.ToString()));
        Assert.All(changes, c => Assert.Equal(Severity.Info, c.Severity));
        Assert.Equal("None", changes[0].After);
        Assert.Equal("Encrypt", changes[1].Before);
        Assert.Empty(changes[0].Property);
    }

    [Fact]
    public void Compare_PolicyDomainsAddedBelowTheirLevelOrRemoved_AreErrorAndWarning()
    {
        var policy = new[] { new ForcedTlsPolicyEntry("new.test", ForcedTlsLevel.Verify), new ForcedTlsPolicyEntry("gone.test", ForcedTlsLevel.Encrypt) };

        var changes = DomainTlsComparison.Compare(new[] { Rows.State("gone.test") }, new[] { Rows.State("new.test", ("ForcedTls", "Encrypt")) }, policy);

        Assert.Equal(Severity.Error, changes[0].Severity);
        Assert.StartsWith("Mail to new.test will now bounce or defer under the forced-TLS policy; it bears only Encrypt, short of the policy's Verify.", changes[0].Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Warning, changes[1].Severity);
        Assert.Contains("not watched any more", changes[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ADomainListedTwice_CountsItsFirstRow()
    {
        var after = new[] { Rows.State(Domain), Rows.State(Domain, ("ForcedTls", "None")) };

        Assert.Empty(DomainTlsComparison.Compare(new[] { Rows.State(Domain) }, after, Array.Empty<ForcedTlsPolicyEntry>()));
    }

    [Fact]
    public void Compare_TheStrictestOfSeveralPolicyEntries_Counts()
    {
        var policy = new[] { new ForcedTlsPolicyEntry(Domain, ForcedTlsLevel.Encrypt), new ForcedTlsPolicyEntry(Domain, ForcedTlsLevel.Verify), new ForcedTlsPolicyEntry(Domain, null) };

        var change = Assert.Single(DomainTlsComparison.Compare(new[] { Rows.State(Domain) }, new[] { Rows.State(Domain, ("ForcedTls", "Encrypt")) }, policy));

        Assert.Equal(Severity.Error, change.Severity);
    }

    [Property(MaxTest = 500)]
    public Property Compare_AnyTwoLevels_GiveOneRowThatIsDegradedExactlyWhenTheLevelDrops()
    {
        var levels = Gen.Elements(ForcedTlsLevel.None, ForcedTlsLevel.Encrypt, ForcedTlsLevel.Verify, ForcedTlsLevel.Dane);
        var pairs = from before in levels from after in levels from policy in Gen.Elements<ForcedTlsLevel?>(null, ForcedTlsLevel.Encrypt, ForcedTlsLevel.Verify, ForcedTlsLevel.Dane) select (before, after, policy);
        return Prop.ForAll(Arb.From(pairs), pair =>
        {
            var changes = Rows.Compare(Rows.State(Domain, ("ForcedTls", pair.before.ToString())), Rows.State(Domain, ("ForcedTls", pair.after.ToString())), pair.policy);
            if (pair.before == pair.after)
            {
                return changes.Count == 0;
            }

            var change = changes.Single();
            var degraded = pair.after < pair.before;
            var expected = !degraded ? Severity.Info : pair.policy is { } level && pair.after < level ? Severity.Error : Severity.Warning;
            return change.Change == (degraded ? DomainTlsChangeKind.Degraded : DomainTlsChangeKind.Improved) && change.Severity == expected;
        });
    }

    [Property(MaxTest = 300)]
    public Property Compare_ARunWithItself_IsEmptyWhateverItsColumns()
    {
        return Prop.ForAll(Arb.From(StateGenerators.Columns()), columns =>
        {
            var state = Rows.Read(columns);
            return DomainTlsComparison.Compare(new[] { state }, new[] { Rows.Read(columns) }, new[] { new ForcedTlsPolicyEntry(state.Domain, null) }).Count == 0;
        });
    }

    [Property(MaxTest = 300)]
    public Property Compare_AnyTwoStates_NeverErrWithoutAPolicy_AndSaysWhichDomain()
    {
        return Prop.ForAll(Arb.From(StateGenerators.Columns()), Arb.From(StateGenerators.Columns()), (a, b) =>
        {
            b["Domain"] = a["Domain"];
            var changes = DomainTlsComparison.Compare(new[] { Rows.Read(a) }, new[] { Rows.Read(b) }, Array.Empty<ForcedTlsPolicyEntry>());
            return changes.All(c => c.Severity != Severity.Error && c.Domain == a["Domain"] && c.Message.Length > 0 && c.Property.Length > 0)
                .Label(Rows.Describe(changes));
        });
    }
}
