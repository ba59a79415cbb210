using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MailTls.Dane;
using MailTls.Dns;
using MailTls.Tests.Lab;
using Xunit;

namespace MailTls.Tests.Dane;

/// <summary>What a probe reports for each state of a server's TLSA records.</summary>
public class DaneEvaluationTests
{
    private static readonly LabInfo Lab = LabInfo.Instance;

    [Fact]
    public void Evaluate_NoLookup_IsNoneWithoutFinding()
    {
        var result = DaneEvaluation.Evaluate(null, Leaf(), Sent(), DateTimeOffset.UtcNow);

        Assert.Equal(DaneStatus.None, result.Status);
        Assert.Null(result.Finding);
    }

    [Fact]
    public void Evaluate_LookupFailed_IsAnErrorBecauseSendersDefer()
    {
        var failure = new DnsFailure(DnsFailureKind.ServerFailure, "_25._tcp.mx.bogus.test", "TLSA", "127.0.0.2", "SERVFAIL.");
        var lookup = new TlsaLookup("mx.bogus.test", 25, "_25._tcp.mx.bogus.test", "mx.bogus.test", Array.Empty<TlsaAssociation>(), DnssecStatus.NotValidated, failure);

        var result = DaneEvaluation.Evaluate(lookup, Leaf(), Sent(), DateTimeOffset.UtcNow);

        Assert.Equal(DaneStatus.LookupFailed, result.Status);
        Assert.Equal(FindingCodes.DaneLookupFailed, result.Finding!.Code);
        Assert.Equal(Severity.Error, result.Finding.Severity);
    }

    [Fact]
    public void Evaluate_MatchingRecordInUnsignedZone_IsUnauthenticatedAndSaysSignTheZone()
    {
        var result = DaneEvaluation.Evaluate(Lookup(DnssecStatus.Unsigned, Ee(Leaf())), Leaf(), Sent(), DateTimeOffset.UtcNow);

        Assert.Equal(DaneStatus.Unauthenticated, result.Status);
        Assert.Equal(FindingCodes.DaneUnauthenticated, result.Finding!.Code);
        Assert.Contains("not signed", result.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ResolverThatDoesNotValidate_BlamesTheResolverNotTheZone()
    {
        var result = DaneEvaluation.Evaluate(Lookup(DnssecStatus.NotValidated, Ee(Leaf())), Leaf(), Sent(), DateTimeOffset.UtcNow);

        Assert.Equal(DaneStatus.Unauthenticated, result.Status);
        Assert.Equal(FindingCodes.DaneNotValidated, result.Finding!.Code);
        Assert.Contains("-DnsServer", result.Finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign the zone", result.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OnlyPkixUsages_IsUnusable()
    {
        var pkixEe = DaneRecordFactory.ForCertificate(Leaf(), TlsaAssociation.UsagePkixEe, 1, 1);

        var result = DaneEvaluation.Evaluate(Lookup(DnssecStatus.Signed, pkixEe), Leaf(), Sent(), DateTimeOffset.UtcNow);

        Assert.Equal(DaneStatus.Unusable, result.Status);
        Assert.Equal(FindingCodes.DaneUnusable, result.Finding!.Code);
    }

    [Fact]
    public void Evaluate_MatchingDaneEe_IsValidAndNamesTheRecord()
    {
        var record = Ee(Leaf());

        var result = DaneEvaluation.Evaluate(Lookup(DnssecStatus.Signed, record), Leaf(), Sent(), DateTimeOffset.UtcNow);

        Assert.Equal(DaneStatus.Valid, result.Status);
        Assert.Equal(record, result.Matched);
        Assert.Null(result.Finding);
    }

    [Fact]
    public void Evaluate_NoTlsSession_IsAMismatchBecauseDaneSendersRequireTls()
    {
        var result = DaneEvaluation.Evaluate(Lookup(DnssecStatus.Signed, Ee(Leaf())), null, Array.Empty<X509Certificate2>(), DateTimeOffset.UtcNow);

        Assert.Equal(DaneStatus.Mismatch, result.Status);
        Assert.Equal(FindingCodes.DaneNoMatch, result.Finding!.Code);
        Assert.Equal(Severity.Error, result.Finding.Severity);
    }

    [Fact]
    public void Evaluate_RecordForAnotherKey_IsAMismatchError()
    {
        var other = Ee(LabInfo.LoadPem(Lab.Smtp("tls12").CertificatePath!).Single());

        var result = DaneEvaluation.Evaluate(Lookup(DnssecStatus.Signed, other), Leaf(), Sent(), DateTimeOffset.UtcNow);

        Assert.Equal(DaneStatus.Mismatch, result.Status);
        Assert.Contains("will not deliver", result.Finding!.Message, StringComparison.Ordinal);
    }

    private static X509Certificate2 Leaf() => LabInfo.LoadPem(Lab.Smtp("good").CertificatePath!).Single();

    private static X509Certificate2[] Sent() => LabInfo.LoadPem(Lab.Smtp("good").ChainPath!).Cast<X509Certificate2>().ToArray();

    private static TlsaAssociation Ee(X509Certificate2 certificate) =>
        DaneRecordFactory.ForCertificate(certificate, TlsaAssociation.UsageDaneEe, TlsaAssociation.SelectorPublicKey, TlsaAssociation.MatchingSha256);

    private static TlsaLookup Lookup(DnssecStatus dnssec, params TlsaAssociation[] records) =>
        new("mx1.example.test", 25, "_25._tcp.mx1.example.test", "mx1.example.test", records, dnssec, null);
}
