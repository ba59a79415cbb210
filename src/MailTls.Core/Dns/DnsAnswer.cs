using DnsClient;

namespace MailTls.Dns;

/// <summary>One question's outcome: the response when the resolver gave a usable one, else why not.</summary>
internal sealed class DnsAnswer
{
    private DnsAnswer(IDnsQueryResponse? response, DnsFailure? failure, bool nameExists)
    {
        Response = response;
        Failure = failure;
        NameExists = nameExists;
    }

    /// <summary>The response for NOERROR (with or without records); null when <see cref="Failure"/> is set.</summary>
    public IDnsQueryResponse? Response { get; }

    public DnsFailure? Failure { get; }

    /// <summary>False only for NXDOMAIN, which is an answer rather than a fault for address lookups.</summary>
    public bool NameExists { get; }

    public bool IsAuthenticated => Response?.Header.IsAuthenticData == true;

    public static DnsAnswer Success(IDnsQueryResponse response) => new(response, null, nameExists: true);

    public static DnsAnswer Failed(DnsFailure failure) =>
        new(null, failure, nameExists: failure.Kind != DnsFailureKind.NameNotFound);
}
