using System;
using System.Collections.Generic;

namespace MailTls;

/// <summary>What the server does with one TLS version: accepted or not, and if so with which suites and certificate.</summary>
public sealed class TlsVersionResult
{
    internal TlsVersionResult(TlsVersion version, TlsSupport support, IReadOnlyList<TlsAcceptedSuite> suites, bool? serverOrder, bool complete, string note, ServerCertificate? certificate)
    {
        Version = version;
        Support = support;
        Suites = suites;
        ServerOrder = serverOrder;
        Complete = complete;
        Note = note;
        Certificate = certificate;
    }

    public TlsVersion Version { get; }

    public TlsSupport Support { get; }

    /// <summary>The accepted suites: by the server's preference when <see cref="ServerOrder"/> is true, else strongest first.</summary>
    public IReadOnlyList<TlsAcceptedSuite> Suites { get; }

    /// <summary>True: the server chooses by its own preference; false: it takes the client's first acceptable suite; null: one suite, or not determined.</summary>
    public bool? ServerOrder { get; }

    /// <summary>Every candidate suite was decided; false when rate limits or failures cut the search short.</summary>
    public bool Complete { get; }

    /// <summary>Why the version is Unknown or its suite list incomplete; empty otherwise.</summary>
    public string Note { get; }

    /// <summary>The certificate the server presented in this version, when a probe saw one.</summary>
    public ServerCertificate? Certificate { get; }

    public override string ToString() => $"{TlsVersions.DisplayName(Version)}: {Support}{(Suites.Count > 0 ? $", {Suites.Count} suites" : string.Empty)}";

    internal static TlsVersionResult Undecided(TlsVersion version, TlsSupport support, string note) =>
        new(version, support, Array.Empty<TlsAcceptedSuite>(), null, support == TlsSupport.NotAccepted, note, null);
}
