using System;
using System.Globalization;
using System.Linq;

namespace MailTls.Reporting;

/// <summary>
/// Reads a row's values by property name, whatever shape they come back in: text from Import-Csv
/// ("True", "364", "" for nothing), JSON numbers, true/false and dates from ConvertFrom-Json, or the
/// original types. A value that is there but cannot be read is an error, never a silent blank.
/// </summary>
internal sealed class ReportFields
{
    private readonly Func<string, object?> _field;

    public ReportFields(Func<string, object?> field) => _field = field;

    public string Text(string name) => ReportValue.Text(_field(name)) ?? string.Empty;

    public string RequiredText(string name)
    {
        var text = Text(name).Trim();
        return text.Length > 0 ? text : throw NotARow(name);
    }

    public TEnum Required<TEnum>(string name)
        where TEnum : struct, Enum =>
        Optional<TEnum>(name) ?? throw NotARow(name);

    public TEnum? Optional<TEnum>(string name)
        where TEnum : struct, Enum
    {
        if (_field(name) is TEnum value)
        {
            return value;
        }

        var text = Text(name).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        // Names only: a number would be a value no MailTls output writes.
        if (!char.IsDigit(text[0]) && text[0] != '-' && Enum.TryParse<TEnum>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(typeof(TEnum), parsed))
        {
            return parsed;
        }

        throw Unreadable(name, text, $"one of {string.Join(", ", Enum.GetNames(typeof(TEnum)))}");
    }

    public int? Integer(string name) => _field(name) switch
    {
        null => null,
        int value => value,
        long value when value is >= int.MinValue and <= int.MaxValue => (int)value,
        double value when value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue => (int)value,
        decimal value when value == decimal.Floor(value) && value is >= int.MinValue and <= int.MaxValue => (int)value,
        var value when Blank(value) => null,
        _ when int.TryParse(Text(name).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw Unreadable(name, Text(name), "a whole number"),
    };

    public double? Number(string name) => _field(name) switch
    {
        null => null,
        double value => value,
        float value => value,
        int value => value,
        long value => value,
        decimal value => (double)value,
        var value when Blank(value) => null,
        _ when double.TryParse(Text(name).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw Unreadable(name, Text(name), "a number"),
    };

    public bool? Boolean(string name) => _field(name) switch
    {
        null => null,
        bool value => value,
        var value when Blank(value) => null,
        _ when bool.TryParse(Text(name).Trim(), out var parsed) => parsed,
        _ => throw Unreadable(name, Text(name), "True or False"),
    };

    private static bool Blank(object value) => value is string text && text.Trim().Length == 0;

    private static FormatException NotARow(string name) =>
        new($"The input has no {name}: it is not a row of Test-MailDomainTls (Domain, Verdict and ForcedTls are needed). Pipe Test-MailDomainTls output, or the rows read back with Import-Csv or ConvertFrom-Json.");

    private static FormatException Unreadable(string name, string text, string expected)
    {
        var shown = new string(text.Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return new FormatException($"{name} is '{shown}', not {expected}.");
    }
}
