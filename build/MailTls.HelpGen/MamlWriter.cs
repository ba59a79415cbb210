using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MailTls.HelpGen;

/// <summary>
/// Writes cmdlet help as MAML, element for element as platyPS's New-ExternalHelp does, since that
/// is the shape Get-Help in both Windows PowerShell 5.1 and PowerShell 7 is known to read.
/// </summary>
internal static class MamlWriter
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static void Write(string path, IEnumerable<CommandDoc> commands)
    {
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement)));

        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        document.Save(writer);
    }

    private static XElement CommandElement(CommandDoc doc)
    {
        var dash = doc.Name.IndexOf('-');
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", doc.Name),
                new XElement(Command + "verb", doc.Name[..dash]),
                new XElement(Command + "noun", doc.Name[(dash + 1)..]),
                Description(doc.Synopsis)),
            Description(doc.Description),
            new XElement(Command + "syntax", SyntaxItems(doc)),
            new XElement(Command + "parameters", doc.Parameters.Select(p => Parameter(p, p.Usages[0], inSyntax: false))),
            new XElement(Command + "inputTypes", doc.Inputs.Select(t => TypeElement(Command + "inputType", t))),
            new XElement(Command + "returnValues", doc.Outputs.Select(t => TypeElement(Command + "returnValue", t))),
            doc.Notes.Count == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(doc.Notes))),
            new XElement(Command + "examples", doc.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", doc.Links.Select(Link)));
    }

    /// <summary>
    /// One syntax line per parameter set, as Get-Command shows them: a parameter whose yaml says
    /// (All) is in every set; positional parameters first, by position, then the rest as documented.
    /// </summary>
    private static IEnumerable<XElement> SyntaxItems(CommandDoc doc)
    {
        var sets = doc.Parameters.SelectMany(p => p.Usages).SelectMany(u => u.Sets).Distinct().ToList();
        if (sets.Count == 0)
        {
            sets.Add("(All)");
        }

        foreach (var set in sets)
        {
            var members = doc.Parameters
                .Select(p => (Parameter: p, Usage: p.Usages.FirstOrDefault(u => u.AppliesTo(set))))
                .Where(m => m.Usage is not null)
                .OrderBy(m => m.Usage!.Position ?? int.MaxValue);
            yield return new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", doc.Name),
                members.Select(m => Parameter(m.Parameter, m.Usage!, inSyntax: true)));
        }
    }

    private static XElement Parameter(ParameterDoc parameter, ParameterSetUsage usage, bool inSyntax)
    {
        var isSwitch = usage.Type is "SwitchParameter" or "Switch";
        return new XElement(Command + "parameter",
            new XAttribute("required", Lower(usage.Required)),
            new XAttribute("variableLength", Lower(usage.Type.EndsWith("[]"))),
            new XAttribute("globbing", Lower(usage.Globbing)),
            new XAttribute("pipelineInput", usage.PipelineInput),
            new XAttribute("position", usage.Position?.ToString() ?? "named"),
            new XAttribute("aliases", usage.Aliases.Count == 0 ? "none" : string.Join(", ", usage.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description),
            inSyntax && usage.AcceptedValues.Count > 0
                ? new XElement(Command + "parameterValueGroup", usage.AcceptedValues.Select(v => ParameterValue(v, required: false)))
                : null,
            // Get-Help prints a switch in a syntax line as just -Name, without a value placeholder.
            inSyntax && isSwitch ? null : ParameterValue(isSwitch ? "SwitchParameter" : usage.Type, required: !isSwitch),
            new XElement(Dev + "type", new XElement(Maml + "name", isSwitch ? "SwitchParameter" : usage.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", usage.DefaultValue));
    }

    private static XElement ParameterValue(string value, bool required) =>
        new(Command + "parameterValue", new XAttribute("required", Lower(required)), new XAttribute("variableLength", "false"), value);

    private static XElement TypeElement(XName name, TypeDoc type) =>
        new(name, new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)), Description(type.Description));

    private static XElement Example(ExampleDoc example)
    {
        // PowerShell's own help titles examples this way, and Get-Help prints the title as is.
        var title = example.Title.Length > 0 ? $"Example {example.Number}: {example.Title}" : $"Example {example.Number}";
        return new XElement(Command + "example",
            new XElement(Maml + "title", $"---------- {title} ----------"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paras(example.Remarks)));
    }

    private static XElement Link(LinkDoc link) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", link.Text), new XElement(Maml + "uri", link.Uri));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) => paragraphs.Select(p => new XElement(Maml + "para", p));

    private static string Lower(bool value) => value ? "true" : "false";
}
