using MailTls.Tls;

namespace MailTls;

/// <summary>A key-exchange group the server accepted.</summary>
public sealed class TlsAcceptedGroup
{
    internal TlsAcceptedGroup(GroupInfo group, int? rank)
    {
        Group = group;
        Rank = rank;
    }

    public GroupInfo Group { get; }

    /// <summary>1 for the server's favourite; null when it follows the client's order or the order is unknown.</summary>
    public int? Rank { get; }

    public override string ToString() => Group.Name;
}
