using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace MailTls.HelpGen;

/// <summary>
/// Reads one platyPS-style page (docs/Resolve-MailExchanger.md shows the layout) by walking the
/// Markdig syntax tree: headings split it into sections, paragraphs become help paragraphs.
/// Anything the layout does not expect is an error, so a page never loses text silently.
/// </summary>
internal sealed partial class MarkdownDocReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();
    private static readonly IDeserializer FrontMatterDeserializer = new DeserializerBuilder().Build();

    private readonly string _file;
    private string _section = string.Empty;
    private Block? _sectionHeading;

    private MarkdownDocReader(string file) => _file = file;

    /// <summary>Reads a page; null when it is not a command page (no "external help file" in its front matter).</summary>
    public static CommandDoc? Read(string file)
    {
        var reader = new MarkdownDocReader(file);
        return reader.ReadDocument(Markdown.Parse(File.ReadAllText(file), Pipeline));
    }

    private CommandDoc? ReadDocument(MarkdownDocument document)
    {
        var pageName = Path.GetFileNameWithoutExtension(_file);
        var helpFileName = ReadHelpFileName(document.OfType<YamlFrontMatterBlock>().FirstOrDefault());
        if (helpFileName is null)
        {
            // Other pages (architecture notes, about topics) may live beside the command pages.
            return CommandName().IsMatch(pageName)
                ? throw Error(null, "a page named like a cmdlet needs front matter with 'external help file: MailTls.dll-Help.xml'.")
                : null;
        }

        var parts = Split(document.Where(b => b is not YamlFrontMatterBlock), level: 2);
        var preamble = parts[0].Body;
        _section = "title";
        var h1 = preamble.OfType<HeadingBlock>().Where(h => h.Level == 1).ToList();
        if (h1.Count != 1 || preamble.Any(b => b != h1[0] && !IsIgnorable(b)))
        {
            throw Error(h1.Skip(1).FirstOrDefault() ?? preamble.FirstOrDefault(b => !IsIgnorable(b) && b is not HeadingBlock),
                "the page must start with exactly one '# Verb-Noun' heading and nothing else before the first '##' section.");
        }

        var name = Text(h1[0].Inline);
        if (!CommandName().IsMatch(name) || name != pageName)
        {
            throw Error(h1[0], $"the title '{name}' must be the cmdlet name, and the file must be named after it ('{name}.md').");
        }

        var sections = new Dictionary<string, (HeadingBlock Heading, List<Block> Body)>(StringComparer.Ordinal);
        foreach (var (heading, body) in parts.Skip(1))
        {
            var key = Text(heading!.Inline).ToUpperInvariant();
            _section = key;
            if (!KnownSections.Contains(key))
            {
                throw Error(heading, $"unknown section; expected one of {string.Join(", ", KnownSections)}.");
            }

            if (!sections.TryAdd(key, (heading, body)))
            {
                throw Error(heading, "the section appears twice.");
            }
        }

        return new CommandDoc(
            name,
            helpFileName,
            Synopsis: Paragraphs(Section(sections, "SYNOPSIS", required: true), requireText: true),
            Description: Paragraphs(Section(sections, "DESCRIPTION", required: true), requireText: true),
            Examples: Examples(Section(sections, "EXAMPLES", required: true)),
            Parameters: Parameters(Section(sections, "PARAMETERS", required: true)),
            Inputs: Types(Section(sections, "INPUTS", required: false)),
            Outputs: Types(Section(sections, "OUTPUTS", required: false)),
            Notes: Paragraphs(Section(sections, "NOTES", required: false), requireText: false),
            Links: Links(Section(sections, "RELATED LINKS", required: false)));
    }

    // SYNTAX is accepted but not read: the syntax shown by Get-Help is built from the parameters'
    // yaml, which the Pester help test checks against the cmdlet, so it cannot drift.
    private static readonly string[] KnownSections =
        ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    [GeneratedRegex(@"^[A-Z][A-Za-z]+-[A-Z][A-Za-z0-9]+$")]
    private static partial Regex CommandName();

    [GeneratedRegex(@"^Example (\d+)(?::\s*(.*\S))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ExampleTitle();

    private string? ReadHelpFileName(YamlFrontMatterBlock? frontMatter)
    {
        if (frontMatter is null)
        {
            return null;
        }

        _section = "front matter";
        Dictionary<string, string?>? fields;
        try
        {
            // The block's lines include the '---' fences; yaml would read them as document markers.
            var yaml = string.Join('\n', frontMatter.Lines.Lines.Take(frontMatter.Lines.Count).Select(l => l.ToString()).Where(l => l.Trim() != "---"));
            fields = FrontMatterDeserializer.Deserialize<Dictionary<string, string?>?>(yaml);
        }
        catch (YamlException ex)
        {
            throw Error(frontMatter, $"invalid yaml: {(ex.InnerException ?? ex).Message}");
        }

        return fields is not null && fields.TryGetValue("external help file", out var helpFile) && !string.IsNullOrWhiteSpace(helpFile)
            ? helpFile.Trim()
            : null;
    }

    private List<Block>? Section(Dictionary<string, (HeadingBlock Heading, List<Block> Body)> sections, string name, bool required)
    {
        _section = name;
        _sectionHeading = null;
        if (sections.TryGetValue(name, out var section))
        {
            _sectionHeading = section.Heading;
            return section.Body;
        }

        return required ? throw Error(null, $"the page has no '## {name}' section.") : null;
    }

    private List<ExampleDoc> Examples(List<Block>? body)
    {
        var examples = new List<ExampleDoc>();
        foreach (var (heading, blocks) in Subsections(body!))
        {
            var title = Text(heading.Inline);
            _section = $"EXAMPLES > {title}";
            var match = ExampleTitle().Match(title);
            if (!match.Success || int.Parse(match.Groups[1].Value) != examples.Count + 1)
            {
                throw Error(heading, $"example headings must read '### Example {examples.Count + 1}: title'.");
            }

            var code = blocks.OfType<FencedCodeBlock>().Select(CodeText).ToList();
            if (code.Count == 0)
            {
                throw Error(heading, "the example has no ```powershell code block.");
            }

            var remarks = Paragraphs(blocks.Where(b => b is not FencedCodeBlock).ToList(), requireText: false);
            examples.Add(new ExampleDoc(examples.Count + 1, match.Groups[2].Value, string.Join("\n\n", code), remarks));
        }

        _section = "EXAMPLES";
        return examples.Count > 0 ? examples : throw Error(null, "the section needs at least one '### Example 1: title'.");
    }

    private List<ParameterDoc> Parameters(List<Block>? body)
    {
        var parameters = new List<ParameterDoc>();
        foreach (var (heading, blocks) in Subsections(body!))
        {
            var title = Text(heading.Inline);
            _section = $"PARAMETERS > {title}";
            if (title is "CommonParameters" or "WorkflowCommonParameters")
            {
                // Get-Help adds the common parameters' paragraph itself.
                continue;
            }

            if (!title.StartsWith('-') || title.Length < 2 || title.Contains(' '))
            {
                throw Error(heading, "parameter headings must read '### -Name' (or '### CommonParameters').");
            }

            var name = title[1..];
            if (parameters.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                throw Error(heading, "the parameter is documented twice.");
            }

            var usages = new List<ParameterSetUsage>();
            foreach (var code in blocks.OfType<FencedCodeBlock>())
            {
                if (code.Info != "yaml")
                {
                    throw Error(code, "a parameter may only hold ```yaml blocks.");
                }

                try
                {
                    usages.Add(ParameterYaml.Parse(CodeText(code)));
                }
                catch (FormatException ex)
                {
                    throw Error(code, ex.Message);
                }
            }

            if (usages.Count == 0)
            {
                throw Error(heading, "the parameter has no ```yaml block (Type, Parameter Sets, Required, Position, ...).");
            }

            var description = Paragraphs(blocks.Where(b => b is not FencedCodeBlock).ToList(), requireText: true, at: heading);
            parameters.Add(new ParameterDoc(name, description, usages));
        }

        return parameters;
    }

    private List<TypeDoc> Types(List<Block>? body)
    {
        var section = _section;
        var types = new List<TypeDoc>();
        foreach (var (heading, blocks) in Subsections(body ?? []))
        {
            var typeName = Text(heading.Inline);
            _section = $"{section} > {typeName}";
            types.Add(new TypeDoc(typeName, Paragraphs(blocks, requireText: false)));
        }

        return types;
    }

    private List<LinkDoc> Links(List<Block>? body)
    {
        var links = new List<LinkDoc>();
        foreach (var block in body ?? [])
        {
            if (IsIgnorable(block))
            {
                continue;
            }

            if (block is not ParagraphBlock paragraph)
            {
                throw Error(block, "related links must be paragraphs holding [text](uri) links.");
            }

            var found = paragraph.Inline!.Descendants<LinkInline>().Where(l => !l.IsImage).ToList();
            if (found.Count == 0)
            {
                links.Add(new LinkDoc(Text(paragraph.Inline), string.Empty));
            }

            foreach (var link in found)
            {
                // A page link such as about_MailTls.md names a help topic: Get-Help shows the text
                // and the reader runs Get-Help on it; only web addresses are worth showing as a uri.
                var uri = Uri.TryCreate(link.Url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
                    ? link.Url!
                    : string.Empty;
                links.Add(new LinkDoc(LinkText(link), uri));
            }
        }

        return links;
    }

    /// <summary>The '###' parts of a section; text before the first '###' is an error.</summary>
    private List<(HeadingBlock Heading, List<Block> Body)> Subsections(List<Block> body)
    {
        var parts = Split(body, level: 3);
        var stray = parts[0].Body.FirstOrDefault(b => !IsIgnorable(b));
        if (stray is not null)
        {
            throw Error(stray, "text must go under a '###' heading in this section.");
        }

        return parts.Skip(1).Select(p => (p.Heading!, p.Body)).ToList();
    }

    /// <summary>Cuts blocks at headings of the given level; the first part holds what precedes the first one.</summary>
    private static List<(HeadingBlock? Heading, List<Block> Body)> Split(IEnumerable<Block> blocks, int level)
    {
        var parts = new List<(HeadingBlock? Heading, List<Block> Body)> { (null, []) };
        foreach (var block in blocks)
        {
            if (block is HeadingBlock heading && heading.Level == level)
            {
                parts.Add((heading, []));
            }
            else
            {
                parts[^1].Body.Add(block);
            }
        }

        return parts;
    }

    /// <summary>Help paragraphs from prose blocks: paragraphs, list items and code shown verbatim.</summary>
    private List<string> Paragraphs(List<Block>? blocks, bool requireText, Block? at = null)
    {
        var paragraphs = new List<string>();
        foreach (var block in blocks ?? [])
        {
            AddParagraphs(block, paragraphs, prefix: string.Empty);
        }

        return paragraphs.Count > 0 || !requireText ? paragraphs : throw Error(at, "there is no description text here.");
    }

    private void AddParagraphs(Block block, List<string> paragraphs, string prefix)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                paragraphs.Add(prefix + Text(paragraph.Inline));
                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var bullet = list.IsOrdered ? $"{number++}. " : "- ";
                    foreach (var child in item)
                    {
                        AddParagraphs(child, paragraphs, bullet);
                        bullet = new string(' ', bullet.Length);
                    }
                }

                break;
            case CodeBlock code:
                // Indented, so it reads as code among the wrapped paragraphs.
                paragraphs.Add(string.Join("\n", CodeText(code).Split('\n').Select(line => "    " + line)));
                break;
            case var _ when IsIgnorable(block):
                break;
            case HeadingBlock heading:
                throw Error(heading, $"a level-{heading.Level} heading is not expected here.");
            default:
                throw Error(block, $"unsupported markdown ({block.GetType().Name}); use paragraphs, lists or code blocks.");
        }
    }

    /// <summary>HTML comments, blank lines and link reference definitions carry no help text.</summary>
    private static bool IsIgnorable(Block block) =>
        block is HtmlBlock or BlankLineBlock or LinkReferenceDefinitionGroup or LinkReferenceDefinition;

    private static string CodeText(CodeBlock code) => code.Lines.ToString().TrimEnd();

    /// <summary>Plain text of inline markdown: Get-Help wraps text itself, so soft line breaks become spaces.</summary>
    private static string Text(ContainerInline? inline)
    {
        var text = new StringBuilder();
        AppendText(text, inline);
        return text.ToString().Trim();
    }

    private static void AppendText(StringBuilder text, Inline? inline)
    {
        switch (inline)
        {
            case null:
                break;
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline lineBreak:
                text.Append(lineBreak.IsHard ? "\n" : " ");
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline html:
                text.Append(html.Tag);
                break;
            case LinkInline link when !link.IsImage && Uri.IsWellFormedUriString(link.Url, UriKind.Absolute):
                // A console reader cannot click: keep the address next to the text.
                AppendChildren(text, link);
                text.Append(" (").Append(link.Url).Append(')');
                break;
            case ContainerInline container:
                AppendChildren(text, container);
                break;
        }
    }

    private static string LinkText(LinkInline link)
    {
        var text = new StringBuilder();
        AppendChildren(text, link);
        return text.ToString().Trim();
    }

    private static void AppendChildren(StringBuilder text, ContainerInline container)
    {
        foreach (var child in container)
        {
            AppendText(text, child);
        }
    }

    /// <summary>An error at the block, or else at the current section's heading.</summary>
    private DocFormatException Error(Block? block, string problem)
    {
        var at = block ?? _sectionHeading;
        return new(_file, at is null ? 0 : at.Line + 1, _section, problem);
    }
}
