using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using MailTls.Reporting;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// Roll-up rows as admins keep them: DomainTlsReport objects, or what Import-Csv and ConvertFrom-Json make
/// of Test-MailDomainTls output (read by column name), or such a CSV or JSON file. Files are read by
/// PowerShell's own Import-Csv and ConvertFrom-Json, so whatever they read back, this reads.
/// </summary>
internal static class ReportRows
{
    /// <summary>One row as the state it records; false with the reason when it is not a roll-up row.</summary>
    public static bool TryRead(object? input, out DomainTlsState? state, out string error)
    {
        switch (input is PSObject wrapped ? wrapped.BaseObject : input)
        {
            case DomainTlsReport report:
                state = DomainTlsState.FromReport(report);
                error = string.Empty;
                return true;
            case DomainTlsState known:
                state = known;
                error = string.Empty;
                return true;
            case null:
                state = null;
                error = "The row is $null.";
                return false;
            case string text:
                state = null;
                error = $"'{text}' is text, not a row of Test-MailDomainTls output. To name domains, use -DomainName with -Level.";
                return false;
        }

        var row = PSObject.AsPSObject(input);
        return DomainTlsStateReader.TryRead(name => Text(row.Properties[name]?.Value), out state, out error);
    }

    /// <summary>The rows of a CSV or JSON file: JSON by its .json extension or a first character of [ or {, CSV otherwise.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is neither CSV nor JSON that PowerShell can read.</exception>
    public static IReadOnlyList<PSObject> ReadFile(string file)
    {
        var text = File.ReadAllText(file);
        var json = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || (!file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && text.TrimStart().StartsWith("[", StringComparison.Ordinal))
            || (!file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && text.TrimStart().StartsWith("{", StringComparison.Ordinal));
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        if (json)
        {
            shell.AddCommand("Microsoft.PowerShell.Utility\\ConvertFrom-Json").AddParameter("InputObject", text);
        }
        else
        {
            shell.AddCommand("Microsoft.PowerShell.Utility\\Import-Csv").AddParameter("LiteralPath", file);
        }

        Collection<PSObject> output;
        try
        {
            output = shell.Invoke();
        }
        catch (RuntimeException ex)
        {
            throw new InvalidDataException($"{file} is not {(json ? "JSON" : "CSV")} that {(json ? "ConvertFrom-Json" : "Import-Csv")} can read: {ex.Message}", ex);
        }

        if (shell.Streams.Error.Count > 0)
        {
            throw new InvalidDataException($"{file} is not {(json ? "JSON" : "CSV")} that {(json ? "ConvertFrom-Json" : "Import-Csv")} can read: {shell.Streams.Error[0]}");
        }

        return Flatten(output);
    }

    // Windows PowerShell's ConvertFrom-Json writes a JSON array as one object; PowerShell 7 writes its items.
    private static List<PSObject> Flatten(IEnumerable<PSObject> output)
    {
        var rows = new List<PSObject>();
        foreach (var item in output)
        {
            if (item?.BaseObject is IEnumerable items and not string and not IDictionary)
            {
                foreach (var element in items)
                {
                    rows.Add(PSObject.AsPSObject(element));
                }
            }
            else if (item is not null)
            {
                rows.Add(item);
            }
        }

        return rows;
    }

    private static string? Text(object? value) => ReportValue.Text(value is PSObject wrapped ? wrapped.BaseObject : value);
}
