using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.MtaSts;
using MailTls.TlsRpt;
using Xunit;

namespace MailTls.Tests.TlsRpt;

public class TlsRptRecordAuthorTests
{
    [Fact]
    public void Create_AddressAtAnIdnDomain_WritesTheALabel()
    {
        var draft = TlsRptRecordAuthor.Create("bücher.example", new[] { "tlsrpt@bücher.example" });

        Assert.Equal("v=TLSRPTv1; rua=mailto:tlsrpt@xn--bcher-kva.example", draft.Record);
        Assert.Equal("_smtp._tls.xn--bcher-kva.example", draft.Name);
    }

    [Fact]
    public void Create_RecordOver255Bytes_IsSplitIntoCharacterStringsOfOneRecord()
    {
        var rua = Enumerable.Range(1, 8).Select(i => $"https://reports{i}.tlsrpt-collector.example.net/v1/report/contoso").ToArray();

        var draft = TlsRptRecordAuthor.Create("contoso.com", rua);

        Assert.True(Encoding.UTF8.GetByteCount(draft.Record) > 255);
        Assert.True(draft.Strings.Count > 1);
        Assert.All(draft.Strings, s => Assert.True(Encoding.UTF8.GetByteCount(s) <= 255));
        Assert.Equal(draft.Record, string.Concat(draft.Strings));
        Assert.StartsWith("_smtp._tls.contoso.com. IN TXT \"v=TLSRPTv1; rua=", draft.ZoneLine);
        Assert.Equal(draft.Strings.Count, draft.ZoneLine.Split('"').Length / 2);
    }

    [Fact]
    public void Create_ShortRecord_IsOneString()
    {
        var draft = TlsRptRecordAuthor.Create("contoso.com", new[] { "tlsrpt@contoso.com" });

        Assert.Equal(new[] { draft.Record }, draft.Strings);
    }

    [Property(MaxTest = 500)]
    public Property CharacterStrings_AnyText_JoinBackAndFit()
    {
        var texts = Gen.ArrayOf(Gen.Elements("a", "é", "€", "𝄞", ";", " ", "=")).Select(parts => string.Concat(parts));
        return Prop.ForAll(Arb.From(texts), text =>
        {
            var strings = TxtRecordText.CharacterStrings(text);
            return string.Concat(strings) == text && strings.All(s => Encoding.UTF8.GetByteCount(s) <= 255);
        });
    }
}
