namespace MailTls.MtaSts;

/// <summary>One <c>name=value</c> field of a TXT record, split at its first '='.</summary>
internal readonly struct RecordField
{
    public RecordField(string name, string value)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; }

    public string Value { get; }

    public override string ToString() => Name + "=" + Value;
}
