namespace MailTls.Dns;

/// <summary>One SRV record (RFC 2782): where a service runs, and how clients choose among several.</summary>
public sealed class SrvTarget
{
    public SrvTarget(int priority, int weight, int port, string host)
    {
        Priority = priority;
        Weight = weight;
        Port = port;
        Host = host ?? string.Empty;
    }

    /// <summary>Lower is tried first.</summary>
    public int Priority { get; }

    public int Weight { get; }

    public int Port { get; }

    /// <summary>The target host name, lower case without the final dot; empty for ".", "not offered here".</summary>
    public string Host { get; }

    /// <summary>Target "." (RFC 2782; RFC 6186 §3.4): the domain says the service is not offered at all.</summary>
    public bool IsNotOffered => Host.Length == 0;

    public override string ToString() => $"{Priority} {Weight} {Port} {(IsNotOffered ? "." : Host)}";
}
