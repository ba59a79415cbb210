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
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, IEnumerable<string>? paths, bool literal)
    {
        foreach (var path in paths ?? Array.Empty<string>())
        {
            foreach (var file in literal ? ResolveLiteral(cmdlet, path) : ResolveWildcard(cmdlet, path))
            {
                yield return file;
            }
        }
    }

    private static IEnumerable<string> ResolveWildcard(PSCmdlet cmdlet, string path)
    {
        List<string> matches;
        ProviderInfo provider;
        try
        {
            matches = new List<string>(cmdlet.GetResolvedProviderPathFromPSPath(path, out provider));
        }
        catch (Exception ex) when (ex is SessionStateException or ArgumentException)
        {
            cmdlet.WriteError(NotFound(path, ex.Message));
            yield break;
        }

        if (!IsFileSystem(cmdlet, path, provider))
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
                cmdlet.WriteError(NotFound(path, $"{match} is a folder, not a file. To read every file in it, pipe Get-ChildItem -File -Recurse to this cmdlet."));
            }
        }
    }

    private static IEnumerable<string> ResolveLiteral(PSCmdlet cmdlet, string path)
    {
        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception ex) when (ex is SessionStateException or ArgumentException)
        {
            cmdlet.WriteError(NotFound(path, ex.Message));
            yield break;
        }

        if (!IsFileSystem(cmdlet, path, provider))
        {
            yield break;
        }

        if (File.Exists(resolved))
        {
            yield return resolved;
        }
        else
        {
            cmdlet.WriteError(NotFound(path, Directory.Exists(resolved)
                ? $"{resolved} is a folder, not a file. To read every file in it, pipe Get-ChildItem -File -Recurse to this cmdlet."
                : $"Cannot find the file {resolved}."));
        }
    }

    private static bool IsFileSystem(PSCmdlet cmdlet, string path, ProviderInfo provider)
    {
        if (provider.Name == "FileSystem")
        {
            return true;
        }

        cmdlet.WriteError(NotFound(path, $"{path} is on the {provider.Name} provider; give the path of a file."));
        return false;
    }

    private static ErrorRecord NotFound(string path, string message) =>
        new(new MailTlsException(message), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path);
}
