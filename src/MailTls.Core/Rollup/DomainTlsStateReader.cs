using System;

namespace MailTls;

/// <summary>
/// Reads one roll-up row back by its column names, as Import-Csv or ConvertFrom-Json give it: Domain and
/// ForcedTls are required, every other column may be missing or empty (not known) but not malformed.
/// </summary>
public static class DomainTlsStateReader
{
    /// <summary>The row, given as the text of a column by name (any case, null when the row has no such column).</summary>
    /// <returns>false with a sentence in <paramref name="error"/> naming the column and its value when the row cannot be read.</returns>
    public static bool TryRead(Func<string, string?> column, out DomainTlsState? state, out string error)
    {
        if (column is null)
        {
            throw new ArgumentNullException(nameof(column));
        }

        state = null;
        var reader = new ColumnReader(column);
        var domainText = reader.Text("Domain");
        if (domainText.Length == 0)
        {
            error = "The row has no Domain: it is not a row of Test-MailDomainTls output.";
            return false;
        }

        if (!Dns.DomainName.TryNormalize(domainText, out var domain, out var reason))
        {
            error = $"Domain: {reason}";
            return false;
        }

        if (!reader.Enum<ForcedTlsLevel>("ForcedTls", out var level) || level is null)
        {
            error = reader.Error.Length > 0 ? $"{domain}: {reader.Error}." : $"{domain}: the row has no ForcedTls, so the level the domain can bear is not known.";
            return false;
        }

        var read = reader.Enum<Verdict>("Verdict", out var verdict)
            & reader.Integer("MxWithoutStartTls", out var withoutStartTls)
            & reader.Enum<TlsVersion>("LowestProtocol", out var lowest)
            & reader.Boolean("CertificatesValid", out var certificatesValid)
            & reader.Integer("DaysUntilEarliestExpiry", out var days)
            & reader.Boolean("DnssecSigned", out var dnssec)
            & reader.Enum<DomainDane>("Dane", out var dane)
            & reader.Enum<MtaStsMode>("MtaStsMode", out var mode)
            & reader.Boolean("MtaStsValid", out var stsValid)
            & reader.Enum<RecordStatus>("TlsRpt", out var tlsRpt)
            & reader.Hosts("MxHosts", out var hosts);
        if (!read)
        {
            error = $"{domain}: {reader.Error}.";
            return false;
        }

        state = new DomainTlsState(domain, level.Value)
        {
            Verdict = verdict,
            Summary = reader.Text("Summary"),
            Findings = ReportFields.Codes(reader.Text("Findings")),
            MxHosts = hosts,
            MxWithoutStartTls = withoutStartTls,
            LowestProtocol = lowest,
            CertificatesValid = certificatesValid,
            CertificateProblems = reader.Text("CertificateProblems"),
            EarliestCertificateExpiry = reader.Text("EarliestCertificateExpiry"),
            DaysUntilEarliestExpiry = days,
            DnssecSigned = dnssec,
            Dane = dane,
            MtaStsMode = mode,
            MtaStsValid = stsValid,
            TlsRpt = tlsRpt,
        };
        error = string.Empty;
        return true;
    }

    // Keeps the first problem, so the message names the first bad column in row order.
    private sealed class ColumnReader
    {
        private readonly Func<string, string?> _column;

        public ColumnReader(Func<string, string?> column) => _column = column;

        public string Error { get; private set; } = string.Empty;

        public string Text(string name) => _column(name)?.Trim() ?? string.Empty;

        public bool Enum<T>(string name, out T? value)
            where T : struct, System.Enum =>
            Note(name, ReportFields.TryEnum(Text(name), out value, out var error), error);

        public bool Boolean(string name, out bool? value) => Note(name, ReportFields.TryBoolean(Text(name), out value, out var error), error);

        public bool Integer(string name, out int? value) => Note(name, ReportFields.TryInteger(Text(name), out value, out var error), error);

        public bool Hosts(string name, out TextList value) => Note(name, ReportFields.TryHosts(Text(name), out value, out var error), error);

        private bool Note(string name, bool ok, string error)
        {
            if (!ok && Error.Length == 0)
            {
                Error = $"{name} {error.TrimEnd('.')}";
            }

            return ok;
        }
    }
}
