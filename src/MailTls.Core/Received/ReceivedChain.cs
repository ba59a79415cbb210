using System.Collections.Generic;
using System.Linq;

namespace MailTls.Received;

/// <summary>A message's Received headers as hops, oldest first, and their summary.</summary>
public static class ReceivedChain
{
    /// <summary>Headers come newest first (each server adds its own on top); hops are numbered from the oldest.</summary>
    public static IReadOnlyList<ReceivedHop> Read(IReadOnlyList<string> headersNewestFirst, string? messageId, string sourceFile)
    {
        var hops = new List<ReceivedHop>(headersNewestFirst.Count);
        for (var i = headersNewestFirst.Count - 1; i >= 0; i--)
        {
            var hop = ReceivedHopReader.Read(headersNewestFirst[i]);
            hop.Hop = hops.Count + 1;
            hop.MessageId = messageId;
            hop.SourceFile = sourceFile;
            var previous = hops.Count > 0 ? hops[hops.Count - 1].Timestamp : null;
            if (previous is not null && hop.Timestamp is not null)
            {
                hop.DelaySeconds = (hop.Timestamp.Value - previous.Value).TotalSeconds;
            }

            hops.Add(hop);
        }

        return hops;
    }

    public static ReceivedTlsSummary Summarize(IReadOnlyList<ReceivedHop> hops, string? messageId, string? subject, string sourceFile)
    {
        var network = hops.Where(h => !h.IsLocal).ToList();
        var firstUnproven = network.FirstOrDefault(h => h.Encrypted != HopEncryption.True);
        var versions = hops.Where(h => h.TlsProtocol is not null).Select(h => h.TlsProtocol!.Value).ToList();
        return new ReceivedTlsSummary
        {
            MessageId = messageId,
            Subject = subject,
            Hops = hops.Count,
            EncryptedHops = hops.Count(h => h.Encrypted == HopEncryption.True),
            UnencryptedHops = hops.Count(h => h.Encrypted == HopEncryption.False),
            UnknownHops = hops.Count(h => h.Encrypted == HopEncryption.Unknown),
            LocalHops = hops.Count(h => h.IsLocal),
            AllEncrypted = network.Count > 0 && firstUnproven is null,
            FirstUnprovenHop = firstUnproven?.Hop,
            FirstUnprovenBy = firstUnproven?.By,
            FirstUnprovenState = firstUnproven?.Encrypted,
            LowestTlsProtocol = versions.Count == 0 ? null : (TlsVersion?)versions.Min(),
            SourceFile = sourceFile,
        };
    }
}
