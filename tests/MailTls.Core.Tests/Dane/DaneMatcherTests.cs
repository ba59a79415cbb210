using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailTls.Certificates;
using MailTls.Dane;
using MailTls.Tests.Certificates;
using MailTls.Tests.Lab;
using Xunit;

namespace MailTls.Tests.Dane;

/// <summary>DaneMatcher.Match with the lab's certificates and records whose data openssl computed.</summary>
public class DaneMatcherTests
{
    private static readonly string[] Strategies = { nameof(ChainStrategy.CustomRootTrust), nameof(ChainStrategy.AllowUnknownAuthority) };

    private static X509Certificate2 IntermediateCa => LabInfo.LoadPem(LabInfo.Instance.IntermediateCertificatePath).Single();

    private static X509Certificate2 RootCa => LabInfo.Instance.CaCertificate;

    private static string Host(string caseName) => LabCertificates.Case(caseName).Host;

    public static TheoryData<string> BothStrategies()
    {
        var data = new TheoryData<string>();
        foreach (var strategy in Strategies)
        {
            data.Add(strategy);
        }

        return data;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(0, 2)]
    public void Match_GoodLeafDaneEeRecord_Matches(byte selector, byte matchingType)
    {
        var record = OpensslTlsa.ForCase("good").Record(3, selector, matchingType);

        var result = Match(new[] { record }, "good");

        Assert.True(result.Matched, result.Detail);
        Assert.Equal(record, result.Record);
        Assert.Contains("DANE-EE(3)", result.Detail);
        Assert.Contains("'mx1.example.test'", result.Detail);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("notyetvalid")]
    [InlineData("wrongname")]
    [InlineData("selfsigned")]
    [InlineData("nointermediate")]
    public void Match_DaneEeOnALeafWithBadDatesOrNames_MatchesBecauseDaneEeIgnoresThem(string caseName)
    {
        var record = OpensslTlsa.ForCase(caseName).Record(3, 1, 1);

        var result = Match(new[] { record }, caseName, new[] { "unrelated.example.test" });

        Assert.True(result.Matched, result.Detail);
        Assert.Same(record, result.Record);
        Assert.Contains("names and validity dates are not checked", result.Detail);
    }

    [Fact]
    public void Match_WrongDaneEeHash_DoesNotMatchAndNamesTheLeafsActualSpkiHash()
    {
        var otherKey = OpensslTlsa.ForCase("good2").Record(3, 1, 1);
        var goodSpki = OpensslTlsa.ForCase("good").SpkiSha256Hex;

        var result = Match(new[] { otherKey }, "good");

        Assert.False(result.Matched);
        Assert.Null(result.Record);
        Assert.Contains(otherKey.ToString(), result.Detail);
        Assert.Contains($"the leaf's public key (SPKI) SHA-256 is {goodSpki}, not this value", result.Detail);
        Assert.Contains($"publish '3 1 1 {goodSpki}'", result.Detail);
    }

    [Fact]
    public void Match_WrongDaneEeFullCertificate_SaysTheLengthNotTheBytes()
    {
        var otherCertificate = OpensslTlsa.ForCase("good2").Record(3, 0, 0);

        var result = Match(new[] { otherCertificate }, "good");

        Assert.False(result.Matched);
        Assert.Contains($"the leaf's full certificate ({OpensslTlsa.ForCase("good").CertificateDer.Length} bytes) is different", result.Detail);
        Assert.Contains($"({otherCertificate.DataLength} bytes)", result.Detail);
        Assert.DoesNotContain(otherCertificate.DataHex, result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_IntermediateDaneTaWithChainAndName_Matches(string strategy)
    {
        var record = OpensslTlsa.Intermediate.Record(2, 1, 1);

        var result = Match(new[] { record }, "good2", new[] { Host("good2") }, strategy: strategy);

        Assert.True(result.Matched, result.Detail);
        Assert.Same(record, result.Record);
        Assert.Contains("DANE-TA(2)", result.Detail);
        Assert.Contains("'MailTls Lab Intermediate CA'", result.Detail);
        Assert.Contains($"matches the name {Host("good2")}", result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaWhereTheTlsaBaseDomainIsTheSecondReferenceName_Matches(string strategy)
    {
        var result = Match(new[] { OpensslTlsa.Intermediate.Record(2, 0, 1) }, "good2", new[] { "other.example.test", Host("good2") }, strategy: strategy);

        Assert.True(result.Matched, result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaWhenTheServerSendsTheIntermediateButNotTheLeafInItsList_Matches(string strategy)
    {
        var leaf = LabCertificates.Leaf("good2");

        var result = DaneMatcher.Match(
            new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, leaf, new[] { IntermediateCa }, new[] { Host("good2") }, DateTimeOffset.UtcNow, Enum.Parse<ChainStrategy>(strategy));

        Assert.True(result.Matched, result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaWithANameTheLeafDoesNotCarry_DoesNotMatch(string strategy)
    {
        var result = Match(new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, "good2", new[] { "other.example.test" }, strategy: strategy);

        Assert.False(result.Matched);
        Assert.Null(result.Record);
        Assert.Contains("match none of the reference names (other.example.test)", result.Detail);
        Assert.Contains($"the leaf's names ({Host("good2")}", result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaOnTheWrongNameLeaf_DoesNotMatchAndListsItsNames(string strategy)
    {
        var result = Match(new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, "wrongname", strategy: strategy);

        Assert.False(result.Matched);
        Assert.Contains("wrong.example.org", result.Detail);
        Assert.Contains(Host("wrongname"), result.Detail);
    }

    [Fact]
    public void Match_DaneTaWithNoReferenceNames_DoesNotMatch()
    {
        var result = Match(new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, "good2", Array.Empty<string>());

        Assert.False(result.Matched);
        Assert.Contains("reference names (none were given)", result.Detail);
    }

    [Fact]
    public void Match_DaneTaWhenTheServerSentOnlyItsLeaf_DoesNotMatch()
    {
        var leaf = LabCertificates.Leaf("good2");

        var result = DaneMatcher.Match(
            new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, leaf, new[] { leaf }, new[] { Host("good2") }, DateTimeOffset.UtcNow);

        Assert.False(result.Matched);
        Assert.Contains("sent only its leaf certificate", result.Detail);
    }

    [Fact]
    public void Match_RootDaneTaWhenTheServerDoesNotSendTheRoot_DoesNotMatch()
    {
        var result = Match(new[] { OpensslTlsa.Root.Record(2, 0, 1) }, "good2");

        Assert.False(result.Matched);
        Assert.Contains("none of the CA certificates the server sent ('MailTls Lab Intermediate CA') matches it", result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_RootDaneTaWhenTheServerSendsTheRoot_Matches(string strategy)
    {
        var leaf = LabCertificates.Leaf("good2");
        var record = OpensslTlsa.Root.Record(2, 0, 1);

        var result = DaneMatcher.Match(
            new[] { record }, leaf, new[] { leaf, IntermediateCa, RootCa }, new[] { Host("good2") }, DateTimeOffset.UtcNow, Enum.Parse<ChainStrategy>(strategy));

        Assert.True(result.Matched, result.Detail);
        Assert.Contains("'MailTls Lab Root CA'", result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaOnAnExpiredLeaf_DoesNotMatchAndSaysWhenItExpired(string strategy)
    {
        var notAfter = LabCertificates.Openssl(LabCertificates.Case("expired").CertificatePath!).NotAfter;

        var result = Match(new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, "expired", strategy: strategy);

        Assert.False(result.Matched);
        Assert.Contains($"expired on {notAfter.UtcDateTime:yyyy-MM-dd}", result.Detail);
        Assert.Contains("only DANE-EE(3) ignores them", result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaJustAfterTheLeafsNotAfter_DoesNotMatch(string strategy)
    {
        var notAfter = LabCertificates.Openssl(LabCertificates.Case("good2").CertificatePath!).NotAfter;

        var result = Match(new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, "good2", now: notAfter.AddMinutes(1), strategy: strategy);

        Assert.False(result.Matched);
        Assert.Contains($"expired on {notAfter.UtcDateTime:yyyy-MM-dd}", result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaJustBeforeTheLeafsNotAfter_Matches(string strategy)
    {
        var notAfter = LabCertificates.Openssl(LabCertificates.Case("good2").CertificatePath!).NotAfter;

        var result = Match(new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, "good2", now: notAfter.AddMinutes(-1), strategy: strategy);

        Assert.True(result.Matched, result.Detail);
    }

    [Fact]
    public void Match_DaneTaOnANotYetValidLeaf_DoesNotMatch()
    {
        var notBefore = LabCertificates.Openssl(LabCertificates.Case("notyetvalid").CertificatePath!).NotBefore;

        var result = Match(new[] { OpensslTlsa.Intermediate.Record(2, 1, 1) }, "notyetvalid");

        Assert.False(result.Matched);
        Assert.Contains($"is not valid before {notBefore.UtcDateTime:yyyy-MM-dd}", result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaNamingACaTheServerSentThatDidNotIssueTheLeaf_DoesNotMatch(string strategy)
    {
        var stranger = TestPki.Root("Stranger CA", HashAlgorithmName.SHA256).Certificate;
        var leaf = LabCertificates.Leaf("good2");
        var record = DaneRecordFactory.ForCertificate(stranger, 2, 1, 1);

        var result = DaneMatcher.Match(
            new[] { record }, leaf, new[] { leaf, IntermediateCa, stranger }, new[] { Host("good2") }, DateTimeOffset.UtcNow, Enum.Parse<ChainStrategy>(strategy));

        Assert.False(result.Matched);
        Assert.Contains("'Stranger CA' matches, but the leaf does not chain to it", result.Detail);
    }

    [Theory]
    [MemberData(nameof(BothStrategies))]
    public void Match_DaneTaWithAnExpiredIntermediateBetweenLeafAndRootAnchor_DoesNotMatch(string strategy)
    {
        var now = DateTimeOffset.UtcNow;
        var root = TestPki.Root("Anchor Root", HashAlgorithmName.SHA256);
        var intermediate = TestPki.Intermediate(root, "Lapsed Intermediate", HashAlgorithmName.SHA256, now.AddDays(-1));
        var leaf = TestPki.Leaf(intermediate, "mx9.example.test", HashAlgorithmName.SHA256);

        var result = DaneMatcher.Match(
            new[] { DaneRecordFactory.ForCertificate(root.Certificate, 2, 1, 1) },
            leaf,
            new[] { leaf, intermediate.Certificate, root.Certificate },
            new[] { "mx9.example.test" },
            now,
            Enum.Parse<ChainStrategy>(strategy));

        Assert.False(result.Matched);
        Assert.Contains("'Lapsed Intermediate' has NotTimeValid", result.Detail);
    }

    [Fact]
    public void Match_SelfSignedLeafAsItsOwnDaneTa_DoesNotMatch()
    {
        var result = Match(new[] { OpensslTlsa.ForCase("selfsigned").Record(2, 0, 1) }, "selfsigned");

        Assert.False(result.Matched);
        Assert.Contains("sent only its leaf certificate", result.Detail);
    }

    [Fact]
    public void Match_PkixUsagesWithCorrectData_AreIgnoredAsUnusableForSmtp()
    {
        var pkixTa = OpensslTlsa.Intermediate.Record(0, 1, 1);
        var pkixEe = OpensslTlsa.ForCase("good2").Record(1, 1, 1);

        var result = Match(new[] { pkixTa, pkixEe }, "good2");

        Assert.False(result.Matched);
        Assert.Null(result.Record);
        Assert.Contains("None of the 2 TLSA record(s) is usable for SMTP", result.Detail);
        Assert.Contains("Ignored as unusable for SMTP", result.Detail);
        Assert.Contains(pkixTa.ToString(), result.Detail);
        Assert.Contains(pkixEe.ToString(), result.Detail);
        Assert.Contains("RFC 7672 §3.1.3", result.Detail);
    }

    [Fact]
    public void Match_Sha256RecordOf31Bytes_IsIgnoredAsMalformed()
    {
        var full = OpensslTlsa.ForCase("good").SpkiSha256;
        var truncated = new TlsaAssociation(3, 1, 1, full.Take(31).ToArray());

        var result = Match(new[] { truncated }, "good");

        Assert.False(result.Matched);
        Assert.Contains("malformed", result.Detail);
        Assert.Contains("this one is 31", result.Detail);
    }

    [Fact]
    public void Match_SeveralRecords_TheFirstUsableOneThatMatchesWins()
    {
        var wrong = OpensslTlsa.ForCase("good").Record(3, 1, 1);
        var pkix = OpensslTlsa.ForCase("good2").Record(1, 1, 1);
        var anchor = OpensslTlsa.Intermediate.Record(2, 1, 1);
        var exact = OpensslTlsa.ForCase("good2").Record(3, 1, 2);

        var result = Match(new[] { wrong, pkix, anchor, exact }, "good2");

        Assert.True(result.Matched, result.Detail);
        Assert.Same(anchor, result.Record);
        Assert.Contains($"Tried before it without a match: [1] {wrong} — DANE-EE(3)", result.Detail);
    }

    [Fact]
    public void Match_RolloverWithOldAndNewKeys_MatchesTheNewKeysRecord()
    {
        var oldKey = OpensslTlsa.ForCase("good").Record(3, 1, 1);
        var newKey = OpensslTlsa.ForCase("good2").Record(3, 1, 1);

        var result = Match(new[] { oldKey, newKey }, "good2");

        Assert.True(result.Matched, result.Detail);
        Assert.Same(newKey, result.Record);
    }

    [Fact]
    public void Match_NoRecords_DoesNotMatchAndSaysWhatToPublish()
    {
        var result = Match(Array.Empty<TlsaAssociation>(), "good");

        Assert.False(result.Matched);
        Assert.Contains("No TLSA records were given", result.Detail);
        Assert.Contains($"publish '3 1 1 {OpensslTlsa.ForCase("good").SpkiSha256Hex}'", result.Detail);
    }

    [Fact]
    public void Match_NullArguments_Throw()
    {
        var leaf = LabCertificates.Leaf("good");
        var records = new[] { OpensslTlsa.ForCase("good").Record(3, 1, 1) };
        var sent = new[] { leaf };
        var names = new[] { Host("good") };
        var now = DateTimeOffset.UtcNow;

        Assert.Throws<ArgumentNullException>(() => DaneMatcher.Match(null!, leaf, sent, names, now));
        Assert.Throws<ArgumentNullException>(() => DaneMatcher.Match(records, null!, sent, names, now));
        Assert.Throws<ArgumentNullException>(() => DaneMatcher.Match(records, leaf, null!, names, now));
        Assert.Throws<ArgumentNullException>(() => DaneMatcher.Match(records, leaf, sent, null!, now));
        Assert.Throws<ArgumentException>(() => DaneMatcher.Match(new TlsaAssociation[] { null! }, leaf, sent, names, now));
        Assert.Throws<ArgumentException>(() => DaneMatcher.Match(records, leaf, new X509Certificate2[] { null! }, names, now));
        Assert.Throws<ArgumentException>(() => DaneMatcher.Match(records, leaf, sent, new string[] { null! }, now));
    }

    private static DaneMatchResult Match(
        IReadOnlyList<TlsaAssociation> records,
        string caseName,
        IReadOnlyList<string>? referenceNames = null,
        DateTimeOffset? now = null,
        string? strategy = null) =>
        DaneMatcher.Match(
            records,
            LabCertificates.Leaf(caseName),
            LabCertificates.Sent(caseName),
            referenceNames ?? new[] { Host(caseName) },
            now ?? DateTimeOffset.UtcNow,
            strategy is null ? ChainBuilder.DefaultStrategy : Enum.Parse<ChainStrategy>(strategy));
}
