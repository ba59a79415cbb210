using System.Collections.Generic;
using System.Linq;

namespace MailTls.HelpGen;

/// <summary>One cmdlet's help, as read from its markdown page; the MAML writer's only input.</summary>
internal sealed record CommandDoc(
    string Name,
    string HelpFileName,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<ExampleDoc> Examples,
    IReadOnlyList<ParameterDoc> Parameters,
    IReadOnlyList<TypeDoc> Inputs,
    IReadOnlyList<TypeDoc> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<LinkDoc> Links);

internal sealed record ExampleDoc(int Number, string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>
/// A documented parameter. It has one yaml block per group of parameter sets that treat it alike
/// (platyPS writes a second block when, say, it is mandatory in one set and optional in another).
/// </summary>
internal sealed record ParameterDoc(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterSetUsage> Usages);

/// <summary>How a parameter behaves in the sets named by <see cref="Sets"/> (empty: in every set).</summary>
internal sealed record ParameterSetUsage(
    IReadOnlyList<string> Sets,
    string Type,
    IReadOnlyList<string> Aliases,
    bool Required,
    int? Position,
    string DefaultValue,
    string PipelineInput,
    bool Globbing,
    IReadOnlyList<string> AcceptedValues)
{
    public bool AppliesTo(string set) => Sets.Count == 0 || Sets.Contains(set);
}

internal sealed record TypeDoc(string TypeName, IReadOnlyList<string> Description);

/// <summary>A related link; <see cref="Uri"/> is empty for a topic name such as about_MailTls.</summary>
internal sealed record LinkDoc(string Text, string Uri);
