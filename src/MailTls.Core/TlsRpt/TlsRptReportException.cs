using System;

namespace MailTls.TlsRpt;

/// <summary>Why a file or text could not be read as a TLS report: a sentence naming the place, and the byte where JSON went wrong.</summary>
public sealed class TlsRptReportException : Exception
{
    public TlsRptReportException(TlsRptReportProblem problem, string message, long? bytePosition = null)
        : base(message)
    {
        Problem = problem;
        BytePosition = bytePosition;
    }

    public TlsRptReportProblem Problem { get; }

    /// <summary>Offset (from 0) in the JSON text, after any decompression, where reading failed.</summary>
    public long? BytePosition { get; }
}
