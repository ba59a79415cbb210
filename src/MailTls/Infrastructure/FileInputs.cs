using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// -Path (with wildcards) and -LiteralPath as PowerShell users expect them: relative to the current
/// location, any PowerShell path to the file system, folders matched by a wildcard skipped, and one
/// PathNotFound error per path that names no file.
/// </summary>
internal static class FileInputs
{
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, IEnumerable<string>? paths, bool literal, Action<ErrorRecord> writeError)
    {
        foreach (var path in paths ?? Array.Empty<string>())
        {
            foreach (var file in literal ? ResolveLiteral(cmdlet, path, writeError) : ResolveWildcard(cmdlet, path, writeError))
            {
                yield return file;
            }
        }
    }

    private static IEnumerable<string> ResolveWildcard(PSCmdlet cmdlet, string path, Action<ErrorRecord> writeError)
    {
        List<string> matches;
        ProviderInfo provider;
        try
        {
            matches = new List<string>(cmdlet.GetResolvedProviderPathFromPSPath(path, out provider));
        }
        catch (Exception ex) when (ex is SessionStateException or ArgumentException)
        {
            writeError(ErrorRecords.FileNotFound(path, ex.Message));
            yield break;
        }

        if (!IsFileSystem(path, provider, writeError))
        {
            yield break;
        }

        var wildcard = WildcardPattern.ContainsWildcardCharacters(path);
        foreach (var match in matches)
        {
            if (File.Exists(match))
            {
                yield return match;
            }
            else if (!wildcard)
            {
                writeError(ErrorRecords.FileNotFound(path, $"{match} is a folder, not a file. To read every file in it, pipe Get-ChildItem -File -Recurse to this cmdlet."));
            }
        }
    }

    private static IEnumerable<string> ResolveLiteral(PSCmdlet cmdlet, string path, Action<ErrorRecord> writeError)
    {
        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception ex) when (ex is SessionStateException or ArgumentException)
        {
            writeError(ErrorRecords.FileNotFound(path, ex.Message));
            yield break;
        }

        if (!IsFileSystem(path, provider, writeError))
        {
            yield break;
        }

        if (File.Exists(resolved))
        {
            yield return resolved;
        }
        else
        {
            writeError(ErrorRecords.FileNotFound(path, Directory.Exists(resolved)
                ? $"{resolved} is a folder, not a file. To read every file in it, pipe Get-ChildItem -File -Recurse to this cmdlet."
                : $"Cannot find the file {resolved}."));
        }
    }

    private static bool IsFileSystem(string path, ProviderInfo provider, Action<ErrorRecord> writeError)
    {
        if (provider.Name == "FileSystem")
        {
            return true;
        }

        writeError(ErrorRecords.FileNotFound(path, $"{path} is on the {provider.Name} provider; give the path of a file."));
        return false;
    }
}
