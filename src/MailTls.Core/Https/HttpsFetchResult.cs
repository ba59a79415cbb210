using System;
using MailTls.Certificates;

namespace MailTls.Https;

/// <summary>What one strict HTTPS GET got: the response as it came (status, type, location, body) or why there was none.</summary>
public sealed class HttpsFetchResult
{
    internal HttpsFetchResult()
    {
    }

    public Uri Url { get; internal set; } = null!;

    /// <summary>Null when there was no response.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>The media type without parameters, lower case ("text/plain").</summary>
    public string ContentType { get; internal set; } = string.Empty;

    /// <summary>The Location header of a redirect, which is reported and never followed.</summary>
    public string Location { get; internal set; } = string.Empty;

    /// <summary>The body when it arrived whole and within the size limit.</summary>
    public string? Body { get; internal set; }

    /// <summary>The body was larger than the limit and was not read further.</summary>
    public bool BodyTooLarge { get; internal set; }

    /// <summary>The server's certificate as judged for the host, when the handshake got that far.</summary>
    public CertificateReport? Certificate { get; internal set; }

    public HttpsFetchFailure Failure { get; internal set; } = HttpsFetchFailure.None;

    /// <summary>Why there was no response, as a sentence; empty when there was one.</summary>
    public string FailureMessage { get; internal set; } = string.Empty;

    public double ElapsedMs { get; internal set; }
}
