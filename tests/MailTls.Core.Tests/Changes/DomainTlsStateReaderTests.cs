using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Tests.MtaSts;
using Xunit;

namespace MailTls.Tests.Changes;

public class DomainTlsStateReaderTests
{
    [Fact]
    public void TryRead_ARowAsExportCsvWritesIt_ReadsEveryColumn()
    {
        var state = Rows.State("Partner.Test.", ("Dane", "Valid"), ("ForcedTls", "Dane"), ("Findings", "CERT_EXPIRING_SOON; MTASTS_TESTING"));

        Assert.Equal("partner.test", state.Domain);
        Assert.Equal(ForcedTlsLevel.Dane, state.ForcedTls);
        Assert.Equal(Verdict.Pass, state.Verdict);
        Assert.Equal(new[] { "mx1.partner.test", "mx2.partner.test" }, state.MxHosts);
        Assert.Equal(new[] { "CERT_EXPIRING_SOON", "MTASTS_TESTING" }, state.Findings);
        Assert.Equal(0, state.MxWithoutStartTls);
        Assert.Equal(TlsVersion.Tls13, state.LowestProtocol);
        Assert.True(state.CertificatesValid);
        Assert.Equal(200, state.DaysUntilEarliestExpiry);
        Assert.Equal("2027-06-01T00:00:00Z", state.EarliestCertificateExpiry);
        Assert.True(state.DnssecSigned);
        Assert.Equal(DomainDane.Valid, state.Dane);
        Assert.Equal(MtaStsMode.Enforce, state.MtaStsMode);
        Assert.True(state.MtaStsValid);
        Assert.Equal(RecordStatus.Valid, state.TlsRpt);
    }

    [Theory]
    [InlineData("dane", ForcedTlsLevel.Dane)]
    [InlineData("VERIFY", ForcedTlsLevel.Verify)]
    [InlineData(" Encrypt ", ForcedTlsLevel.Encrypt)]
    [InlineData("4", ForcedTlsLevel.Dane)]
    [InlineData("1", ForcedTlsLevel.None)]
    public void TryRead_ForcedTlsByNameAnyCaseOrByNumber_IsRead(string text, ForcedTlsLevel level)
    {
        Assert.Equal(level, Rows.State("a.test", ("ForcedTls", text)).ForcedTls);
    }

    [Fact]
    public void TryRead_EmptyOptionalColumns_AreNotKnown()
    {
        var columns = new Dictionary<string, string> { ["Domain"] = "a.test", ["ForcedTls"] = "None", ["LowestProtocol"] = string.Empty, ["CertificatesValid"] = string.Empty };

        var state = Rows.Read(columns);

        Assert.Null(state.Verdict);
        Assert.Null(state.LowestProtocol);
        Assert.Null(state.CertificatesValid);
        Assert.Null(state.DaysUntilEarliestExpiry);
        Assert.Null(state.MtaStsMode);
        Assert.Empty(state.MxHosts);
    }

    [Theory]
    [InlineData("Domain", "", "no Domain")]
    [InlineData("Domain", "192.0.2.1", "Domain: '192.0.2.1' is an IP address")]
    [InlineData("ForcedTls", "", "a.test: the row has no ForcedTls")]
    [InlineData("ForcedTls", "None, Encrypt", "a.test: ForcedTls 'None, Encrypt' is not one of None, Encrypt, Verify, Dane.")]
    [InlineData("ForcedTls", "5", "ForcedTls '5' is not one of")]
    [InlineData("ForcedTls", "Secure", "ForcedTls 'Secure' is not one of")]
    [InlineData("CertificatesValid", "yes", "a.test: CertificatesValid 'yes' is not True or False.")]
    [InlineData("DaysUntilEarliestExpiry", "12.5", "a.test: DaysUntilEarliestExpiry '12.5' is not a whole number.")]
    [InlineData("LowestProtocol", "TLS 1.2", "LowestProtocol 'TLS 1.2' is not one of Ssl2")]
    [InlineData("MxHosts", "mx1.a.test; http://mx2.a.test", "MxHosts 'http://mx2.a.test' looks like a URL")]
    public void TryRead_AMalformedColumn_SaysWhichAndWhy(string column, string value, string expected)
    {
        var columns = Rows.Columns("a.test", (column, value));

        Assert.False(DomainTlsStateReader.TryRead(name => columns.TryGetValue(name, out var text) ? text : null, out var state, out var error));
        Assert.Null(state);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_SeveralMalformedColumns_NamesTheFirst()
    {
        var columns = Rows.Columns("a.test", ("Verdict", "Great"), ("TlsRpt", "Maybe"));

        Assert.False(DomainTlsStateReader.TryRead(name => columns.TryGetValue(name, out var text) ? text : null, out _, out var error));
        Assert.StartsWith("a.test: Verdict 'Great'", error, StringComparison.Ordinal);
    }

    [Property(MaxTest = 2000)]
    public Property TryRead_AnyTextInAnyColumn_NeverThrows_AndFailsWithAReason()
    {
        var names = Gen.Elements("Domain", "ForcedTls", "Verdict", "MxHosts", "MxWithoutStartTls", "LowestProtocol", "CertificatesValid", "DaysUntilEarliestExpiry", "Dane", "MtaStsMode", "MtaStsValid", "TlsRpt", "DnssecSigned");
        var edits = Gen.ListOf(from name in names from text in Gen.OneOf(ArbMap.Default.GeneratorFor<string>(), TextGenerators.HostName(1, 3)) select (name, text ?? string.Empty));
        return Prop.ForAll(Arb.From(edits), list =>
        {
            var columns = Rows.Columns("a.test", list.ToArray());
            var ok = DomainTlsStateReader.TryRead(name => columns.TryGetValue(name, out var text) ? text : null, out var state, out var error);
            return ok ? state is not null && error.Length == 0 : state is null && error.Length > 0;
        });
    }

    [Property(MaxTest = 500)]
    public Property TryRead_AGeneratedRow_ReadsBackEveryValue()
    {
        return Prop.ForAll(Arb.From(StateGenerators.Columns()), columns =>
        {
            var state = Rows.Read(columns);
            return state.Domain == columns["Domain"]
                && state.ForcedTls.ToString() == columns["ForcedTls"]
                && string.Join("; ", state.MxHosts) == columns["MxHosts"]
                && Text(state.LowestProtocol) == columns["LowestProtocol"]
                && Text(state.CertificatesValid) == columns["CertificatesValid"]
                && Text(state.DaysUntilEarliestExpiry) == columns["DaysUntilEarliestExpiry"]
                && Text(state.MtaStsMode) == columns["MtaStsMode"]
                && Text(state.TlsRpt) == columns["TlsRpt"];
        });
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
