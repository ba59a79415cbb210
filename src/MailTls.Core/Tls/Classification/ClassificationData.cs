using System.Collections.Generic;

namespace MailTls.Tls;

/// <summary>The shape of tls-classification.json, as System.Text.Json reads it.</summary>
internal sealed class ClassificationData
{
    public string? About { get; set; }

    public List<VersionEntry>? Versions { get; set; }

    public List<GroupEntry>? Groups { get; set; }

    public List<ThresholdEntry>? DhPrimeBits { get; set; }

    public List<ThresholdEntry>? CertificateKeys { get; set; }

    public List<SuiteEntry>? CipherSuites { get; set; }

    internal sealed class VersionEntry
    {
        public string? Name { get; set; }

        public string? Code { get; set; }

        public NcscClass? Ncsc { get; set; }

        public MozillaProfile? Mozilla { get; set; }
    }

    internal sealed class GroupEntry
    {
        public int Code { get; set; }

        public string? Name { get; set; }

        public string? Kind { get; set; }

        public int Bits { get; set; }

        public NcscClass? Ncsc { get; set; }

        public MozillaProfile? Mozilla { get; set; }

        public bool Tls13 { get; set; }

        public bool Tls12 { get; set; }
    }

    internal sealed class ThresholdEntry
    {
        public string? Algorithm { get; set; }

        public int MinBits { get; set; }

        public NcscClass? Ncsc { get; set; }

        public MozillaProfile? Mozilla { get; set; }
    }

    internal sealed class SuiteEntry
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? KeyExchange { get; set; }

        public string? Authentication { get; set; }

        public string? Encryption { get; set; }

        public int Bits { get; set; }

        public string? Mac { get; set; }

        public bool Export { get; set; }

        public string? MinVersion { get; set; }

        public NcscClass? Ncsc { get; set; }

        public MozillaProfile? Mozilla { get; set; }
    }
}
