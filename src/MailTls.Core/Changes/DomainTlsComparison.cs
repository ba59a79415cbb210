using System;
using System.Collections.Generic;
using System.Linq;
using MailTls.Rules;

namespace MailTls;

/// <summary>
/// Compares two roll-up runs domain by domain: each column that changed of each domain in both, and each
/// domain in only one of them. Domains of a forced-TLS policy that no longer bear its level come out as
/// errors: mail to them bounces or defers.
/// </summary>
public static class DomainTlsComparison
{
    /// <summary>The changes, in the later run's domain order, then the removed domains in the earlier run's order.</summary>
    /// <remarks>A domain listed twice in one run counts once, as first listed.</remarks>
    public static IReadOnlyList<DomainTlsChange> Compare(IEnumerable<DomainTlsState> reference, IEnumerable<DomainTlsState> difference, IEnumerable<ForcedTlsPolicyEntry> policy)
    {
        if (reference is null || difference is null || policy is null)
        {
            throw new ArgumentNullException(reference is null ? nameof(reference) : difference is null ? nameof(difference) : nameof(policy));
        }

        var (earlierRun, before) = FirstOfEach(reference);
        var (laterRun, after) = FirstOfEach(difference);
        var enforced = PolicyLevels(policy);
        var changes = new List<DomainTlsChange>();
        foreach (var state in laterRun)
        {
            var inPolicy = enforced.TryGetValue(state.Domain, out var listedLevel);
            if (!before.TryGetValue(state.Domain, out var earlier))
            {
                changes.Add(ChangeRules.Added(state, inPolicy ? listedLevel : null));
                continue;
            }

            var level = inPolicy ? listedLevel ?? earlier.ForcedTls : (ForcedTlsLevel?)null;
            changes.AddRange(ChangeRules.Changes(earlier, state, level));
        }

        changes.AddRange(earlierRun.Where(state => !after.ContainsKey(state.Domain)).Select(state => ChangeRules.Removed(state, enforced.ContainsKey(state.Domain))));
        return changes;
    }

    private static (List<DomainTlsState> InOrder, Dictionary<string, DomainTlsState> ByDomain) FirstOfEach(IEnumerable<DomainTlsState> states)
    {
        var inOrder = new List<DomainTlsState>();
        var byDomain = new Dictionary<string, DomainTlsState>(StringComparer.OrdinalIgnoreCase);
        foreach (var state in states)
        {
            if (!byDomain.ContainsKey(state.Domain))
            {
                byDomain.Add(state.Domain, state);
                inOrder.Add(state);
            }
        }

        return (inOrder, byDomain);
    }

    // A domain in several policies is held to the strictest of them.
    private static Dictionary<string, ForcedTlsLevel?> PolicyLevels(IEnumerable<ForcedTlsPolicyEntry> policy)
    {
        var levels = new Dictionary<string, ForcedTlsLevel?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in policy)
        {
            levels[entry.Domain] = levels.TryGetValue(entry.Domain, out var known) && known > entry.Level ? known : entry.Level ?? known;
        }

        return levels;
    }
}
