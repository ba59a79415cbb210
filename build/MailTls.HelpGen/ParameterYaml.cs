using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace MailTls.HelpGen;

/// <summary>The yaml block under a parameter, key for key as platyPS writes it.</summary>
internal sealed class ParameterYaml
{
    // Unknown keys make the deserializer throw, which catches typos such as "Requried".
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    [YamlMember(Alias = "Type")]
    public string? Type { get; set; }

    [YamlMember(Alias = "Parameter Sets")]
    public string? ParameterSets { get; set; }

    [YamlMember(Alias = "Aliases")]
    public string? Aliases { get; set; }

    [YamlMember(Alias = "Accepted values")]
    public string? AcceptedValues { get; set; }

    [YamlMember(Alias = "Required")]
    public string? Required { get; set; }

    [YamlMember(Alias = "Position")]
    public string? Position { get; set; }

    [YamlMember(Alias = "Default value")]
    public string? DefaultValue { get; set; }

    [YamlMember(Alias = "Accept pipeline input")]
    public string? AcceptPipelineInput { get; set; }

    [YamlMember(Alias = "Accept wildcard characters")]
    public string? AcceptWildcardCharacters { get; set; }

    /// <summary>Parses and checks one block; a problem comes back as a sentence for the error message.</summary>
    public static ParameterSetUsage Parse(string yaml)
    {
        ParameterYaml raw;
        try
        {
            raw = Deserializer.Deserialize<ParameterYaml?>(yaml) ?? throw new FormatException("the yaml block is empty.");
        }
        catch (YamlException ex)
        {
            throw new FormatException($"invalid yaml at line {ex.Start.Line} of the block: {(ex.InnerException ?? ex).Message}");
        }

        var sets = List(Require(raw.ParameterSets, "Parameter Sets"));
        return new ParameterSetUsage(
            Sets: sets.Contains("(All)") ? Array.Empty<string>() : sets,
            Type: Require(raw.Type, "Type"),
            Aliases: List(raw.Aliases),
            Required: Boolean(raw.Required, "Required", required: true),
            Position: ParsePosition(Require(raw.Position, "Position")),
            DefaultValue: string.IsNullOrWhiteSpace(raw.DefaultValue) ? "None" : raw.DefaultValue.Trim(),
            PipelineInput: ParsePipelineInput(Require(raw.AcceptPipelineInput, "Accept pipeline input")),
            Globbing: Boolean(raw.AcceptWildcardCharacters, "Accept wildcard characters", required: false),
            AcceptedValues: List(raw.AcceptedValues));
    }

    private static string Require(string? value, string key) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"the yaml block has no '{key}' value.") : value.Trim();

    private static IReadOnlyList<string> List(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Boolean(string? value, string key, bool required)
    {
        if (string.IsNullOrWhiteSpace(value) && !required)
        {
            return false;
        }

        return bool.TryParse(Require(value, key), out var result)
            ? result
            : throw new FormatException($"'{key}' must be True or False, not '{value}'.");
    }

    private static int? ParsePosition(string value)
    {
        if (value.Equals("Named", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw new FormatException($"'Position' must be a number or Named, not '{value}'.");
    }

    // Get-Help shows this text as is, and the Pester help test reads it back, so only the
    // forms PowerShell itself uses are accepted: False, or True (ByValue and/or ByPropertyName).
    private static string ParsePipelineInput(string value)
    {
        if (value.Equals("False", StringComparison.OrdinalIgnoreCase))
        {
            return "False";
        }

        var open = value.IndexOf('(');
        if (value.StartsWith("True", StringComparison.OrdinalIgnoreCase) && open > 0 && value.EndsWith(')'))
        {
            var kinds = List(value[(open + 1)..^1]);
            if (kinds.Count > 0 && kinds.All(k => k is "ByValue" or "ByPropertyName" or "FromRemainingArguments"))
            {
                return $"True ({string.Join(", ", kinds)})";
            }
        }

        throw new FormatException($"'Accept pipeline input' must be False or True (ByValue, ByPropertyName), not '{value}'.");
    }
}
