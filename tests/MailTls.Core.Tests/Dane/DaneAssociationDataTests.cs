using System;
using MailTls.Dane;
using Xunit;

namespace MailTls.Tests.Dane;

/// <summary>ComputeAssociationData and DaneRecordFactory against what openssl computes for every lab certificate.</summary>
public class DaneAssociationDataTests
{
    public static TheoryData<string> LabCertificates()
    {
        var data = new TheoryData<string>();
        foreach (var label in OpensslTlsa.LabCertificateLabels)
        {
            data.Add(label);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LabCertificates))]
    public void ComputeAssociationData_SpkiSha256_EqualsOpenssl(string label)
    {
        Assert.Equal(OpensslTlsa.For(OpensslTlsa.PathOf(label)).SpkiSha256, DaneMatcher.ComputeAssociationData(OpensslTlsa.Load(label), 1, 1));
    }

    [Theory]
    [MemberData(nameof(LabCertificates))]
    public void ComputeAssociationData_SpkiSha512_EqualsOpenssl(string label)
    {
        Assert.Equal(OpensslTlsa.For(OpensslTlsa.PathOf(label)).SpkiSha512, DaneMatcher.ComputeAssociationData(OpensslTlsa.Load(label), 1, 2));
    }

    [Theory]
    [MemberData(nameof(LabCertificates))]
    public void ComputeAssociationData_SpkiExact_EqualsOpensslDerSpki(string label)
    {
        Assert.Equal(OpensslTlsa.For(OpensslTlsa.PathOf(label)).SpkiDer, DaneMatcher.ComputeAssociationData(OpensslTlsa.Load(label), 1, 0));
    }

    [Theory]
    [MemberData(nameof(LabCertificates))]
    public void ComputeAssociationData_CertificateSha256_EqualsOpenssl(string label)
    {
        Assert.Equal(OpensslTlsa.For(OpensslTlsa.PathOf(label)).CertificateSha256, DaneMatcher.ComputeAssociationData(OpensslTlsa.Load(label), 0, 1));
    }

    [Theory]
    [MemberData(nameof(LabCertificates))]
    public void ComputeAssociationData_CertificateSha512_EqualsOpenssl(string label)
    {
        Assert.Equal(OpensslTlsa.For(OpensslTlsa.PathOf(label)).CertificateSha512, DaneMatcher.ComputeAssociationData(OpensslTlsa.Load(label), 0, 2));
    }

    [Theory]
    [MemberData(nameof(LabCertificates))]
    public void ComputeAssociationData_CertificateExact_EqualsOpensslDer(string label)
    {
        Assert.Equal(OpensslTlsa.For(OpensslTlsa.PathOf(label)).CertificateDer, DaneMatcher.ComputeAssociationData(OpensslTlsa.Load(label), 0, 0));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(255, 1)]
    [InlineData(1, 3)]
    [InlineData(0, 255)]
    public void ComputeAssociationData_UndefinedSelectorOrMatchingType_Throws(byte selector, byte matchingType)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DaneMatcher.ComputeAssociationData(OpensslTlsa.Load("good"), selector, matchingType));
    }

    [Fact]
    public void ComputeAssociationData_NullCertificate_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => DaneMatcher.ComputeAssociationData(null!, 1, 1));
    }

    [Fact]
    public void ForCertificate_GoodLeaf311_IsTheUsableRecordOpensslComputes()
    {
        var record = DaneRecordFactory.ForCertificate(OpensslTlsa.Load("good"), 3, 1, 1);

        Assert.Equal("3 1 1 " + OpensslTlsa.ForCase("good").SpkiSha256Hex, record.ToString());
        Assert.True(record.IsUsableForSmtp, record.UnusableReason);
    }

    [Fact]
    public void ForCertificate_Intermediate211_IsTheUsableRecordOpensslComputes()
    {
        var record = DaneRecordFactory.ForCertificate(OpensslTlsa.Load("intermediate-ca"), 2, 1, 1);

        Assert.Equal(OpensslTlsa.Intermediate.Record(2, 1, 1), record);
        Assert.True(record.IsUsableForSmtp, record.UnusableReason);
    }

    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(3, 1, 3)]
    public void ForCertificate_UndefinedParameters_Throws(byte usage, byte selector, byte matchingType)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DaneRecordFactory.ForCertificate(OpensslTlsa.Load("good"), usage, selector, matchingType));
    }

    [Fact]
    public void ForCertificate_NullCertificate_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => DaneRecordFactory.ForCertificate(null!, 3, 1, 1));
    }

    [Fact]
    public void ForCertificate_PkixUsage_IsMadeButUnusableForSmtp()
    {
        var record = DaneRecordFactory.ForCertificate(OpensslTlsa.Load("good"), 1, 1, 1);

        Assert.False(record.IsUsableForSmtp);
        Assert.Contains("PKIX-EE(1)", record.UnusableReason);
    }
}
