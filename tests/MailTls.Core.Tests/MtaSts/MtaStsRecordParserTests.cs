using System;
using System.Linq;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.MtaSts;
using Xunit;

namespace MailTls.Tests.MtaSts;

public class MtaStsRecordParserTests
{
    [Theory]
    [InlineData(new[] { "v=STSv1; id=20160831085700Z" }, "20160831085700Z")]
    [InlineData(new[] { "v=STSv1;id=abc" }, "abc")]
    [InlineData(new[] { "v=STSv1 ; id=abc ;" }, "abc")]
    [InlineData(new[] { "v=STSv1\t;\tid=abc;\t" }, "abc")]
    [InlineData(new[] { "v=STSv1; id=abc;" }, "abc")]
    [InlineData(new[] { "v=STSv1; id=abc " }, "abc")]
    [InlineData(new[] { "v=STSv1; id=ABCdef0123456789ABCdef0123456789" }, "ABCdef0123456789ABCdef0123456789")]
    [InlineData(new[] { "v=spf1 -all", "v=STSv1; id=abc" }, "abc")]
    [InlineData(new[] { "v=STSv1; id=abc", "google-site-verification=xyz" }, "abc")]
    [InlineData(new[] { "v=STSv1; id=abc", " v=STSv1; id=def" }, "abc")]
    [InlineData(new[] { "v=STSv1; id=abc; ext=1" }, "abc")]
    [InlineData(new[] { "v=STSv1; ext=1; id=abc" }, "abc")]
    public void Parse_ValidRecord_GivesTheId(string[] records, string id)
    {
        var result = MtaStsRecordParser.Parse(records);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.True(result.Found);
        Assert.Equal(id, result.Id);
        Assert.Equal("STSv1", result.Version);
        Assert.Equal(records.Single(r => r.StartsWith("v=STSv1", StringComparison.Ordinal)), result.Record);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("v=STSv1; id=abcdefghijklmnopqrstuvwxyz0123456", "has 33")]
    [InlineData("v=STSv1; id=not-valid-id!", "contains '-'")]
    [InlineData("v=STSv1; id=ab c", "contains a space")]
    [InlineData("v=STSv1; id=abç", "contains 'ç'")]
    [InlineData("v=STSv1; id=abc\r\n", "contains U+000D")]
    [InlineData("v=STSv1; id=", "it is empty")]
    [InlineData("v=STSv1", "no id field")]
    [InlineData("v=STSv1;", "no id field")]
    [InlineData("v=STSv1; ID=abc", "no id field")]
    [InlineData("v=STSv1 ext=1; id=abc", "it begins with 'v=STSv1 ext=1', and fields are separated by ';'")]
    [InlineData("v=STSv1;; id=abc", "empty field")]
    [InlineData("v=STSv1; id=abc;;", "empty field")]
    [InlineData("v=STSv1; id=abc; id=def", "more than one id")]
    [InlineData("v=STSv1; id=abc; v=STSv1", "repeats the version")]
    [InlineData("v=STSv1; id=abc; flag", "not a field of the form name=value")]
    [InlineData("v=STSv1; id=abc; _ext=1", "field name '_ext'")]
    [InlineData("v=STSv1; id=abc; a23456789012345678901234567890123=1", "field name")]
    [InlineData("v=STSv1; id=abc; ext=", "empty value")]
    [InlineData("v=STSv1; id=abc; ext=a=b", "contains '='")]
    [InlineData("v=STSv1; id=abc; ext=a b", "contains a space")]
    public void Parse_BrokenRecord_SaysWhichRule(string record, string reason)
    {
        var result = MtaStsRecordParser.Parse(new[] { record });

        Assert.True(result.Found);
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RFC 8461 §3.1: ", error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Parse_IdWithHyphen_ErrorNamesTheRuleAndTheCharacter()
    {
        var result = MtaStsRecordParser.Parse(new[] { "v=STSv1; id=not-valid-id!" });

        Assert.Equal(
            new[] { "RFC 8461 §3.1: the id must be 1 to 32 letters and digits; 'not-valid-id!' contains '-'." },
            result.Errors);
        Assert.Equal(string.Empty, result.Id);
    }

    [Fact]
    public void Parse_TwoStsRecords_IsInvalidAndShowsBoth()
    {
        var result = MtaStsRecordParser.Parse(new[] { "v=STSv1; id=one", "v=spf1 -all", "v=STSv1; id=two" });

        Assert.True(result.Found);
        Assert.False(result.IsValid);
        Assert.Equal("v=STSv1; id=one | v=STSv1; id=two", result.Record);
        Assert.Equal(string.Empty, result.Id);
        Assert.Contains("senders treat several records as no policy", Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_TwoIdenticalStsRecords_IsStillInvalid()
    {
        var result = MtaStsRecordParser.Parse(new[] { "v=STSv1; id=one", "v=STSv1; id=one" });

        Assert.False(result.IsValid);
        Assert.Contains("there are 2 records", Assert.Single(result.Errors));
    }

    public static TheoryData<string[]> RecordSetsWithoutSts() => new()
    {
        Array.Empty<string>(),
        new[] { "v=spf1 -all" },
        new[] { "v=STSv2; id=abc" },
        new[] { "" },
    };

    [Theory]
    [MemberData(nameof(RecordSetsWithoutSts))]
    public void Parse_NoStsRecord_IsNotFoundWithoutErrors(string[] records)
    {
        var result = MtaStsRecordParser.Parse(records);

        Assert.False(result.Found);
        Assert.False(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal(string.Empty, result.Record);
        Assert.Equal(string.Empty, result.Version);
    }

    [Fact]
    public void Parse_NullListOrNullRecord_IsNotFound()
    {
        Assert.False(MtaStsRecordParser.Parse(null).Found);
        Assert.False(MtaStsRecordParser.Parse(new string?[] { null }).Found);
        Assert.True(MtaStsRecordParser.Parse(new string?[] { null, "v=STSv1; id=a" }).IsValid);
    }

    [Theory]
    [InlineData("id=abc; v=STSv1")]
    [InlineData(" v=STSv1; id=abc")]
    [InlineData("V=STSv1; id=abc")]
    [InlineData("v=stsv1; id=abc")]
    [InlineData("v=STSv10; id=abc")]
    public void Parse_VersionNotFirstOrMiscased_IsIgnoredButExplained(string record)
    {
        var result = MtaStsRecordParser.Parse(new[] { record });

        Assert.False(result.Found);
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RFC 8461 §3.1: senders ignore", error);
        Assert.Contains("does not begin with 'v=STSv1' exactly", error);
    }

    [Fact]
    public void Parse_ExtensionFields_AreKeptFirstOneWins()
    {
        var result = MtaStsRecordParser.Parse(new[] { "v=STSv1; id=abc; ext.one=x; Ext_2=y-z:~; ext.one=dup" });

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(2, result.Extensions.Count);
        Assert.Equal("x", result.Extensions["ext.one"]);
        Assert.Equal("y-z:~", result.Extensions["Ext_2"]);
    }

    [Fact]
    public void Parse_MalformedExtensionBesideValidOnes_KeepsOnlyTheValid()
    {
        var result = MtaStsRecordParser.Parse(new[] { "v=STSv1; id=abc; good=1; bad=a=b" });

        Assert.False(result.IsValid);
        Assert.Equal("abc", result.Id);
        Assert.Equal(new[] { "good" }, result.Extensions.Keys);
    }

    [Fact]
    public void Format_ValidId_WritesTheRecord()
    {
        Assert.Equal("v=STSv1; id=20240101000000abc", MtaStsRecordParser.Format("20240101000000abc"));
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("bad-id", "contains '-'")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "has 33")]
    [InlineData("abc;x=1", "contains ';'")]
    public void Format_InvalidId_ThrowsNamingTheRule(string id, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => MtaStsRecordParser.Format(id));

        Assert.Equal("id", ex.ParamName);
        Assert.StartsWith("RFC 8461 §3.1: the id must be 1 to 32 letters and digits", ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void NewId_AnyTime_IsAValidIdStartingWithTheUtcTime()
    {
        var now = new DateTimeOffset(2024, 3, 1, 1, 2, 3, TimeSpan.FromHours(2));

        var id = MtaStsRecordParser.NewId(now);

        Assert.True(MtaStsRecordParser.IsValidId(id, out var error), error);
        Assert.StartsWith("20240229230203", id);
        Assert.InRange(id.Length, 15, 32);
    }

    [Fact]
    public void NewId_SameSecond_GivesDifferentIds()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 20).Select(_ => MtaStsRecordParser.NewId(now)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Property(MaxTest = 2000)]
    public Property Parse_ArbitraryRecordLists_NeverThrowAndValidMeansAnId(string?[]? records)
    {
        // FsCheck's strings are never null; add a null record so that case is covered too.
        var result = MtaStsRecordParser.Parse(records?.Append(null).ToArray());
        return (!result.IsValid || (result.Found && MtaStsRecordParser.IsValidId(result.Id, out _)))
            .Label("a valid result carries a valid id");
    }

    [Property(MaxTest = 2000)]
    public Property Parse_GrammarHeavyTextAfterVersion_NeverThrows()
    {
        var records =
            from first in TextGenerators.GrammarJunk()
            from second in TextGenerators.GrammarJunk()
            select new[] { "v=STSv1" + first, second };

        return Prop.ForAll(Arb.From(records), r =>
        {
            var result = MtaStsRecordParser.Parse(r);
            return result.IsValid || !result.Found || result.Errors.Count > 0;
        });
    }

    [Property(MaxTest = 1000)]
    public Property Format_ThenParse_GivesTheSameId()
    {
        return Prop.ForAll(Arb.From(TextGenerators.Id()), id =>
        {
            var result = MtaStsRecordParser.Parse(new[] { MtaStsRecordParser.Format(id) });
            return result.IsValid && result.Id == id;
        });
    }

    [Property(MaxTest = 1000)]
    public Property Parse_WhitespaceAroundDelimiters_DoesNotMatter()
    {
        var cases =
            from id in TextGenerators.Id()
            from before in TextGenerators.Wsp()
            from after in TextGenerators.Wsp()
            from trailing in Gen.Elements("", ";", " ;", "; ", "\t;\t")
            select "v=STSv1" + before + ";" + after + "id=" + id + trailing;

        return Prop.ForAll(Arb.From(cases), record =>
        {
            var result = MtaStsRecordParser.Parse(new[] { record });
            return (result.IsValid && record.Contains("id=" + result.Id)).Label(record);
        });
    }

    [Property(MaxTest = 3000)]
    public Property IsValidId_ArbitraryString_AgreesWithTheGrammar(string? id)
    {
        var expected = id is not null && Regex.IsMatch(id, "^[A-Za-z0-9]{1,32}\\z");
        var valid = MtaStsRecordParser.IsValidId(id, out var error);
        return (valid == expected && (valid ? error.Length == 0 : error.StartsWith("RFC 8461 §3.1: ", StringComparison.Ordinal)))
            .Label($"'{id}' valid={valid}, expected {expected}");
    }
}
