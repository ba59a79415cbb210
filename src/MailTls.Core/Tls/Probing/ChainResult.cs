using System.Collections.Generic;

namespace MailTls.Tls;

/// <summary>Everything a chain found, in the order the server chose it, and whether the search finished.</summary>
internal sealed class ChainResult
{
    public ChainResult(IReadOnlyList<(int Item, ProbeOutcome Outcome)> found, bool? serverOrder, bool complete, string incompleteReason)
    {
        Found = found;
        ServerOrder = serverOrder;
        Complete = complete;
        IncompleteReason = incompleteReason;
    }

    /// <summary>Accepted items; in the server's preference order when <see cref="ServerOrder"/> is true.</summary>
    public IReadOnlyList<(int Item, ProbeOutcome Outcome)> Found { get; }

    /// <summary>True: the server picks by its own preference; false: it follows the client's order; null: fewer than two items, or not determined.</summary>
    public bool? ServerOrder { get; }

    /// <summary>Every candidate was decided (accepted or not); false leaves the undecided ones Unknown.</summary>
    public bool Complete { get; }

    public string IncompleteReason { get; }
}
