using System;
using System.IO;
using System.Management.Automation;

namespace MailTls.Commands.Infrastructure;

/// <summary>
/// The file a cmdlet will write at the end of a run, resolved and checked in BeginProcessing: a typo in
/// the drive or folder stops the pipeline before upstream spends the night checking domains.
/// </summary>
internal static class OutputFile
{
    /// <summary>The provider path of <paramref name="path"/>; stops the pipeline with <paramref name="notWritten"/> when it cannot be a file.</summary>
    public static string Resolve(PSCmdlet cmdlet, string path, Func<string, Exception, ErrorRecord> notWritten)
    {
        string file;
        try
        {
            file = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSInvalidOperationException)
        {
            cmdlet.ThrowTerminatingError(notWritten(path, ex));
            throw;
        }

        var folder = Path.GetDirectoryName(file);
        if (Directory.Exists(file) || (folder is { Length: > 0 } && !Directory.Exists(folder)))
        {
            var reason = Directory.Exists(file) ? "it is a folder; name a file in it." : $"the folder {folder} does not exist.";
            cmdlet.ThrowTerminatingError(notWritten(file, new DirectoryNotFoundException(reason)));
        }

        return file;
    }
}
