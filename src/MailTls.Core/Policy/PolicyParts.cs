using System.Collections.Generic;

namespace MailTls.Policy;

/// <summary>What one server's writer makes of the domains: the file, the configuration lines, the commands, and the level each domain is held to.</summary>
internal sealed record PolicyParts(string Policy, string Configuration, string Apply, IReadOnlyList<ForcedTlsPolicyEntry> Entries);
