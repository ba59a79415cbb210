using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Tls;
using Xunit;

namespace MailTls.Tests.Tls;

/// <summary>
/// The chain algorithm against a model server: a list of accepted items in the server's preference,
/// and whether it picks by that preference or by the client's order. No network: this checks the
/// search itself (every accepted item found, nothing else, the order when there is one).
/// </summary>
public class ProbeChainTests
{
    [Property(MaxTest = 300)]
    public Property RunAsync_FindsExactlyTheAcceptedItems_AndTheServerOrder()
    {
        return Prop.ForAll(Arb.From(Servers()), server =>
        {
            var result = ProbeChain.RunAsync(server.Candidates, server.AskAsync, server.Parallel).GetAwaiter().GetResult();
            var found = result.Found.Select(f => f.Item).ToList();
            var accepted = server.Preference.Where(server.Candidates.Contains).ToList();
            var sameSet = found.OrderBy(x => x).SequenceEqual(accepted.OrderBy(x => x)) && found.Distinct().Count() == found.Count;
            var order = !server.ServerOrder || found.SequenceEqual(accepted);
            var mode = accepted.Count < 2 || result.ServerOrder == server.ServerOrder;
            return (result.Complete && sameSet && order && mode)
                .Label($"complete {result.Complete}, found [{string.Join(",", found)}], accepted [{string.Join(",", accepted)}], server order {server.ServerOrder} vs {result.ServerOrder}");
        });
    }

    [Property(MaxTest = 200)]
    public Property RunAsync_UsesOneConnectionPerAcceptedItem_PlusTheEndsOfEachChain()
    {
        return Prop.ForAll(Arb.From(Servers()), server =>
        {
            ProbeChain.RunAsync(server.Candidates, server.AskAsync, server.Parallel).GetAwaiter().GetResult();
            var accepted = server.Preference.Count(server.Candidates.Contains);
            var limit = accepted + 2 + server.Parallel;
            return (server.Asked <= limit).Label($"{server.Asked} probes for {accepted} accepted items (limit {limit})");
        });
    }

    [Fact]
    public async Task RunAsync_ServerOrder_KeepsThePreference()
    {
        var server = new ModelServer(new[] { 1, 2, 3, 4, 5, 6 }, new[] { 5, 2, 6 }, serverOrder: true, parallel: 4);
        var result = await ProbeChain.RunAsync(server.Candidates, server.AskAsync, server.Parallel);
        Assert.Equal(new[] { 5, 2, 6 }, result.Found.Select(f => f.Item));
        Assert.True(result.ServerOrder);
        Assert.True(result.Complete);
    }

    [Fact]
    public async Task RunAsync_ClientOrder_IsDetected()
    {
        var server = new ModelServer(new[] { 1, 2, 3, 4, 5, 6 }, new[] { 5, 2, 6 }, serverOrder: false, parallel: 4);
        var result = await ProbeChain.RunAsync(server.Candidates, server.AskAsync, server.Parallel);
        Assert.Equal(new[] { 2, 5, 6 }, result.Found.Select(f => f.Item).OrderBy(x => x));
        Assert.False(result.ServerOrder);
    }

    [Fact]
    public async Task RunAsync_OneAcceptedItem_HasNoOrder()
    {
        var server = new ModelServer(new[] { 1, 2, 3 }, new[] { 3 }, serverOrder: true, parallel: 1);
        var result = await ProbeChain.RunAsync(server.Candidates, server.AskAsync, server.Parallel);
        Assert.Equal(new[] { 3 }, result.Found.Select(f => f.Item));
        Assert.Null(result.ServerOrder);
        Assert.Equal(2, server.Asked);
    }

    [Fact]
    public async Task RunAsync_AnUnanswerableRound_KeepsTheFindsAndIsIncomplete()
    {
        var server = new ModelServer(new[] { 1, 2, 3, 4 }, new[] { 1, 2, 3 }, serverOrder: true, parallel: 1) { FailAfter = 2 };
        var result = await ProbeChain.RunAsync(server.Candidates, server.AskAsync, server.Parallel);
        Assert.False(result.Complete);
        Assert.Contains("421", result.IncompleteReason);
        Assert.Equal(new[] { 1, 2 }, result.Found.Select(f => f.Item));
    }

    [Fact]
    public async Task RunAsync_APinnedItemChosen_EndsTheChain_CompleteOnlyInClientOrder()
    {
        // An ECDSA server: every offer carries its certificate's curve (9) last.
        foreach (var serverOrder in new[] { false, true })
        {
            var server = new ModelServer(new[] { 1, 2, 3, 4 }, serverOrder ? new[] { 1, 9, 3 } : new[] { 1, 3, 9 }, serverOrder, parallel: 1) { Pin = 9 };
            var result = await ProbeChain.RunAsync(server.Candidates, server.AskAsync, server.Parallel);
            Assert.Contains(9, result.Found.Select(f => f.Item));
            Assert.Equal(!serverOrder, result.Complete);
        }
    }

    [Fact]
    public async Task RunAsync_AChoiceThatWasNotOffered_StopsAsIncomplete()
    {
        Task<ChainStep> Ask(IReadOnlyList<int> offer, string purpose) => Task.FromResult(ChainStep.Chosen(99, new ProbeOutcome(ProbeOutcomeKind.Answered, "ServerHello")));
        var result = await ProbeChain.RunAsync(new[] { 1, 2 }, Ask, 1);
        Assert.False(result.Complete);
        Assert.Empty(result.Found);
    }

    private static Gen<ModelServer> Servers() =>
        from count in Gen.Choose(1, 30)
        from candidates in Gen.Shuffle(Enumerable.Range(1, 40).ToArray()).Select(c => c.Take(count).ToArray())
        from extra in Gen.Choose(0, 3)
        from preference in Gen.Shuffle(candidates.Concat(Enumerable.Range(50, extra)).ToArray())
        from acceptedCount in Gen.Choose(0, preference.Length)
        from serverOrder in ArbMap.Default.GeneratorFor<bool>()
        from parallel in Gen.Choose(1, 8)
        select new ModelServer(candidates, preference.Take(acceptedCount).ToArray(), serverOrder, parallel);

    /// <summary>A server reduced to its choice rule; counts the probes it answers.</summary>
    internal sealed class ModelServer
    {
        private int _asked;

        public ModelServer(int[] candidates, int[] preference, bool serverOrder, int parallel)
        {
            Candidates = candidates;
            Preference = preference;
            ServerOrder = serverOrder;
            Parallel = parallel;
        }

        public int[] Candidates { get; }

        public int[] Preference { get; }

        public bool ServerOrder { get; }

        public int Parallel { get; }

        public int? Pin { get; init; }

        /// <summary>Rounds after this many answer 421 (the chain gets an Unknown step).</summary>
        public int? FailAfter { get; init; }

        public int Asked => _asked;

        public Task<ChainStep> AskAsync(IReadOnlyList<int> offer, string purpose)
        {
            var asked = System.Threading.Interlocked.Increment(ref _asked);
            if (FailAfter is { } limit && asked > limit)
            {
                return Task.FromResult(ChainStep.Unknown("421 too many connections"));
            }

            var offered = Pin is { } pin ? offer.Where(o => o != pin).Append(pin).ToList() : offer.ToList();
            var choice = ServerOrder ? Preference.Where(offered.Contains).Cast<int?>().FirstOrDefault() : offered.Where(Preference.Contains).Cast<int?>().FirstOrDefault();
            var outcome = new ProbeOutcome(ProbeOutcomeKind.Answered, "ServerHello");
            return Task.FromResult(choice switch
            {
                null => ChainStep.Refused("handshake_failure"),
                var c when c == Pin => ChainStep.Pinned(c.Value, outcome),
                var c => ChainStep.Chosen(c.Value, outcome),
            });
        }

        public override string ToString() => $"candidates [{string.Join(",", Candidates)}], accepts [{string.Join(",", Preference)}], server order {ServerOrder}, parallel {Parallel}";
    }
}
