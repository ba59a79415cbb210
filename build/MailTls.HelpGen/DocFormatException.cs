using System;

namespace MailTls.HelpGen;

/// <summary>A doc page that cannot become help; says where, so the author can fix the page.</summary>
internal sealed class DocFormatException(string file, int line, string section, string problem) : Exception(problem)
{
    public string File { get; } = file;

    /// <summary>1-based line of the offending block, or 0 when the whole page is at fault.</summary>
    public int Line { get; } = line;

    /// <summary>Where in the page, e.g. "EXAMPLES > Example 2".</summary>
    public string Section { get; } = section;

    /// <summary>MSBuild's canonical error format, so Exec reports it as a build error at the page.</summary>
    public string ToBuildError()
    {
        var where = Line > 0 ? $"{File}({Line})" : File;
        var what = Section.Length > 0 ? $"{Section}: {Message}" : Message;
        return $"{where}: error HELPGEN: {what}";
    }
}
