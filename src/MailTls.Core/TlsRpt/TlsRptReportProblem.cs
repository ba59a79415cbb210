namespace MailTls.TlsRpt;

/// <summary>What kind of input a TLS report could not be read from.</summary>
public enum TlsRptReportProblem
{
    /// <summary>Not JSON, truncated JSON, or JSON whose values have types no report has.</summary>
    Malformed,

    /// <summary>Larger than the cap once decompressed: a gzip bomb, or not a report.</summary>
    TooLarge,

    /// <summary>An e-mail with no TLS report attached.</summary>
    NoReport,
}
