using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace MailTls.Tls;

/// <summary>
/// Finds which of some candidates (cipher suites, groups, curves) a server accepts: offer them all,
/// note the one chosen, remove it, offer the rest, until the server refuses. That takes one
/// connection per accepted item plus one, instead of one per candidate, and reveals the server's
/// preference order. After two finds, one probe offers them reversed: a server that then picks
/// the other one follows the client's order, so the order carries no information and the rest is
/// searched in parallel chains instead of one after another.
/// </summary>
internal static class ProbeChain
{
    private const int CandidatesPerChain = 16;

    /// <param name="candidates">What to offer, in the client's preference order.</param>
    /// <param name="ask">One round: offers the given items and says what the server did.</param>
    /// <param name="parallelChains">How many chains may split the rest once the server is seen to follow the client.</param>
    /// <param name="firstStep">The answer to offering every candidate, when a probe already asked that.</param>
    public static async Task<ChainResult> RunAsync(IReadOnlyList<int> candidates, Func<IReadOnlyList<int>, string, Task<ChainStep>> ask, int parallelChains, ChainStep? firstStep = null)
    {
        var found = new List<(int, ProbeOutcome)>();
        var remaining = candidates.ToList();

        // The first two finds run one after the other: the second is only known once the first is removed.
        for (var round = 1; round <= 2; round++)
        {
            if (remaining.Count == 0)
            {
                return new ChainResult(found, null, true, string.Empty);
            }

            var step = round == 1 && firstStep is not null ? firstStep : await ask(remaining, $"round {round}").ConfigureAwait(false);
            if (Stop(step, found, remaining, serverOrder: null) is { } stopped)
            {
                return stopped;
            }
        }

        var (first, second) = (found[0].Item1, found[1].Item1);
        var orderProbe = ask(new[] { second, first }, "order check (the first two found, reversed)");
        var nextRound = remaining.Count == 0 ? Task.FromResult(ChainStep.Refused("nothing left to offer")) : ask(remaining, "round 3");
        var order = await orderProbe.ConfigureAwait(false);
        var next = await nextRound.ConfigureAwait(false);
        bool? serverOrder = order.Kind is ChainStepKind.Chosen or ChainStepKind.Pinned ? order.Item == first : null;
        if (Stop(next, found, remaining, serverOrder) is { } done)
        {
            return done;
        }

        // Each chain ends with one refused offer, so splitting pays only for long candidate lists.
        var chains = Math.Min(parallelChains, (remaining.Count + CandidatesPerChain - 1) / CandidatesPerChain);
        if (serverOrder == false && chains > 1)
        {
            return await ParallelAsync(found, remaining, ask, chains).ConfigureAwait(false);
        }

        for (var round = 4; ; round++)
        {
            if (remaining.Count == 0)
            {
                return new ChainResult(found, serverOrder, true, string.Empty);
            }

            var step = await ask(remaining, $"round {round}").ConfigureAwait(false);
            if (Stop(step, found, remaining, serverOrder) is { } stopped)
            {
                return stopped;
            }
        }
    }

    // Records a step; returns the final result when the chain ends here.
    private static ChainResult? Stop(ChainStep step, List<(int, ProbeOutcome)> found, List<int> remaining, bool? serverOrder)
    {
        switch (step.Kind)
        {
            case ChainStepKind.Chosen when remaining.Contains(step.Item):
                found.Add((step.Item, step.Outcome!));
                remaining.Remove(step.Item);
                return null;
            case ChainStepKind.Chosen:
                return new ChainResult(found, serverOrder, false, $"the server chose {step.Item}, which was not offered");
            case ChainStepKind.Pinned:
                if (!found.Any(f => f.Item1 == step.Item))
                {
                    found.Add((step.Item, step.Outcome!));
                }

                return new ChainResult(found, serverOrder, serverOrder == false || remaining.Count == 0,
                    "the server prefers its certificate's curve to the rest, so they cannot be told apart");
            case ChainStepKind.Refused:
                return new ChainResult(found, serverOrder, true, string.Empty);
            default:
                return new ChainResult(found, serverOrder, false, step.Detail);
        }
    }

    private static async Task<ChainResult> ParallelAsync(List<(int, ProbeOutcome)> found, List<int> remaining, Func<IReadOnlyList<int>, string, Task<ChainStep>> ask, int chains)
    {
        var parts = Enumerable.Range(0, chains).Select(i => remaining.Where((_, index) => index % chains == i).ToList()).ToArray();
        var results = await Task.WhenAll(parts.Select((part, i) => RunPartAsync(part, ask, $"part {i + 1}/{chains}"))).ConfigureAwait(false);
        // Each part may end on the same pinned item; it counts once.
        foreach (var find in results.SelectMany(r => r.Found))
        {
            if (!found.Any(f => f.Item1 == find.Item))
            {
                found.Add(find);
            }
        }

        var incomplete = results.FirstOrDefault(r => !r.Complete);
        return new ChainResult(found, false, incomplete is null, incomplete?.IncompleteReason ?? string.Empty);
    }

    private static async Task<ChainResult> RunPartAsync(List<int> part, Func<IReadOnlyList<int>, string, Task<ChainStep>> ask, string name)
    {
        var found = new List<(int, ProbeOutcome)>();
        for (var round = 1; ; round++)
        {
            if (part.Count == 0)
            {
                return new ChainResult(found, false, true, string.Empty);
            }

            var step = await ask(part, $"{name}, round {round}").ConfigureAwait(false);
            if (Stop(step, found, part, serverOrder: false) is { } stopped)
            {
                return stopped;
            }
        }
    }
}
