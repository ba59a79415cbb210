using System.Collections.Generic;

namespace MailTls.Tests.Received;

/// <summary>
/// One Received header per MTA format and version, written from each MTA's source or documentation
/// (host names and addresses are ours). Each case: header, software, Encrypted, With, TLS version,
/// cipher, bits, PeerVerified.
/// </summary>
internal static class ReceivedSamples
{
    public const string Tls12 = "Tls12";
    public const string Tls13 = "Tls13";

    public static IEnumerable<object?[]> All() => new List<object?[]>
    {
        // Postfix 3.4+ smtpd.c with smtpd_tls_received_header = yes: "(using %s with cipher %s (%d/%d bits)" then
        // "\t key-exchange %s (%s) server-signature %s (%d bits) server-digest %s)", the client-certificate comment, "by %s (%s) with ESMTPS id".
        new object?[]
        {
            "from mail.example.org (mail.example.org [192.0.2.25])\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\r\n\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\r\n\t(No client certificate requested)\r\n\tby mx.example.net (Postfix) with ESMTPS id 4VtQ2X1Zk3z9sW;\r\n\tMon,  3 Jun 2024 10:15:02 +0200 (CEST)",
            "Postfix", HopEncryption.True, "ESMTPS", Tls13, "TLS_AES_256_GCM_SHA384", 256, null,
        },

        // Postfix before 3.4: no key-exchange line; client certificate verified.
        new object?[]
        {
            "from relay.example.org (relay.example.org [198.51.100.7])\n\t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))\n\t(Client CN \"relay.example.org\", Issuer \"Example CA\" (verified OK))\n\tby mx.example.net (Postfix) with ESMTPS id 3F1A2B4C5D;\n\tTue, 14 May 2019 08:01:02 +0000 (UTC)",
            "Postfix", HopEncryption.True, "ESMTPS", Tls12, "ECDHE-RSA-AES256-GCM-SHA384", 256, true,
        },

        // Postfix with the default smtpd_tls_received_header = no: only RFC 3848's S tells TLS (Postfix 2.5+).
        new object?[]
        {
            "from mail.example.org (mail.example.org [192.0.2.25])\n\tby mx.example.net (Postfix) with ESMTPS id 4VtQ2X1Zk3z9sW\n\tfor <bob@example.net>; Mon,  3 Jun 2024 10:15:02 +0200 (CEST)",
            "Postfix", HopEncryption.True, "ESMTPS", null, null, null, null,
        },

        // Postfix, clear text: "with ESMTP" where Postfix would have written ESMTPS.
        new object?[]
        {
            "from old.example.org (old.example.org [203.0.113.9])\n\tby mx.example.net (Postfix) with ESMTP id 9C2D11E0A2\n\tfor <bob@example.net>; Wed,  8 Feb 2023 10:02:43 +0000 (UTC)",
            "Postfix", HopEncryption.False, "ESMTP", null, null, null, null,
        },

        // Postfix after HELO: RFC 3848 adds S to ESMTP only, so "with SMTP" proves nothing.
        new object?[]
        {
            "from legacy (legacy.example.org [203.0.113.10])\n\tby mx.example.net (Postfix) with SMTP id 1A2B3C;\n\tWed, 8 Feb 2023 10:02:43 +0000",
            "Postfix", HopEncryption.Unknown, "SMTP", null, null, null, null,
        },

        // Postfix with SMTPUTF8: "UTF8SMTP" plus RFC 3848's S (smtpd.c with_protocol).
        new object?[]
        {
            "from mail.example.org (mail.example.org [192.0.2.25])\n\tby mx.example.net (Postfix) with UTF8SMTPS id 4VtQ2X;\n\tMon, 3 Jun 2024 10:15:02 +0200",
            "Postfix", HopEncryption.True, "UTF8SMTPS", null, null, null, null,
        },

        // Exim 4.93+ default received_header_text: "with $received_protocol ($tls_in_ver) tls $tls_in_cipher_std (Exim $version_number)".
        new object?[]
        {
            "from mail.example.org ([192.0.2.25] helo=mail.example.org)\n\tby mx.example.net with esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384\n\t(Exim 4.96)\n\t(envelope-from <alice@example.org>)\n\tid 1sE4Xa-000ABC-2k\n\tfor bob@example.net;\n\tMon, 03 Jun 2024 10:15:02 +0200",
            "Exim", HopEncryption.True, "esmtps", Tls13, "TLS_AES_256_GCM_SHA384", null, null,
        },

        // Exim before 4.93, GnuTLS spelling of ($tls_cipher): "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)".
        new object?[]
        {
            "from [198.51.100.20] (helo=client.example.org)\n\tby mx.example.net with esmtpsa (TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)\n\t(Exim 4.92)\n\t(envelope-from <carol@example.org>)\n\tid 1hAbCd-0001xY-Q2; Thu, 16 Jan 2020 14:14:24 -0600",
            "Exim", HopEncryption.True, "esmtpsa", Tls12, "ECDHE_RSA_AES_256_GCM_SHA384", 256, null,
        },

        // Exim before 4.93, OpenSSL spelling (SSL_get_version keeps the v): "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)".
        new object?[]
        {
            "from relay.example.org ([198.51.100.7]:41234)\n\tby mx.example.net with esmtps (TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)\n\t(Exim 4.91)\n\tid 1gXyZ1-0004aB-Cd; Fri, 02 Oct 2020 18:15:39 -0700",
            "Exim", HopEncryption.True, "esmtps", Tls12, "ECDHE-RSA-AES256-GCM-SHA384", 256, null,
        },

        // Exim clear text: its protocol words (smtp_in.c) say esmtps for every TLS session.
        new object?[]
        {
            "from old.example.org ([203.0.113.9])\n\tby mx.example.net with esmtp (Exim 4.96)\n\t(envelope-from <dave@example.org>)\n\tid 1sE4Xb-000ABD-3m; Mon, 03 Jun 2024 10:16:02 +0200",
            "Exim", HopEncryption.False, "esmtp", null, null, null, null,
        },

        // Exim local submission: "with local" (no network).
        new object?[]
        {
            "from alice by client.example.org with local (Exim 4.94)\n\t(envelope-from <alice@example.org>)\n\tid 1lTokU-001LLD-V1; Tue, 06 Apr 2021 13:40:18 -0300",
            "Exim", HopEncryption.Unknown, "local", null, null, null, null,
        },

        // Sendmail cf/m4/cfhead.m4 _REC_TLS_: "(version=${tls_version} cipher=${cipher} bits=${cipher_bits} verify=${verify})".
        new object?[]
        {
            "from mail.example.org (mail.example.org [192.0.2.25])\n\tby mx.example.net (8.17.1/8.17.1) with ESMTPS id 453AF2xq012345\n\t(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=OK)\n\tfor <bob@example.net>; Mon, 3 Jun 2024 10:15:02 +0200",
            "Sendmail", HopEncryption.True, "ESMTPS", Tls13, "TLS_AES_256_GCM_SHA384", 256, true,
        },

        // A Sendmail-based gateway: sendmail's $r stays ESMTP, the TLS comment says the rest; verify=FAIL.
        new object?[]
        {
            "from relay.example.org ([198.51.100.7])\n\tby gw.example.net (8.16.1.2/8.16.1.2) with ESMTP id 64P1xUg5034251\n\t(version=TLSv1 cipher=ECDHE-RSA-AES256-SHA bits=256 verify=FAIL);\n\tMon, 25 May 2020 09:59:30 +0800",
            "Sendmail", HopEncryption.True, "ESMTP", "Tls10", "ECDHE-RSA-AES256-SHA", 256, false,
        },

        // Sendmail clear text: the default HReceived writes the TLS comment whenever ${tls_version} is set.
        new object?[]
        {
            "from old.example.org (old.example.org [203.0.113.9])\n\tby mx.example.net (8.15.2/8.15.2/Debian-22) with ESMTP id x5ABCDEF012345\n\tfor <bob@example.net>; Tue, 4 Jun 2024 09:00:00 +0200",
            "Sendmail", HopEncryption.False, "ESMTP", null, null, null, null,
        },

        // Sendmail local submission (Submit.cf): "(from user@localhost) by host (8.15.2/8.15.2/Submit) id".
        new object?[]
        {
            "(from alice@localhost)\n\tby client.example.org (8.15.2/8.15.2/Submit) id x5ABCDEF012346;\n\tTue, 4 Jun 2024 08:59:58 +0200",
            "Sendmail", HopEncryption.Unknown, null, null, null, null, null,
        },

        // Exchange Online: "with Microsoft SMTP Server (version=TLS1_2, cipher=...) id 15.20.x via Frontend Transport".
        new object?[]
        {
            "from AM6PR0502MB3649.eurprd05.prod.outlook.com (2603:10a6:209:4d::21) by DB8PR03MB6025.eurprd03.prod.outlook.com (2603:10a6:10:19::27) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.4608.15 via Mailbox Transport; Mon, 18 Oct 2021 23:49:33 +0000",
            "Exchange Online", HopEncryption.True, "Microsoft SMTP Server", Tls12, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", null, null,
        },

        // Exchange on-premises (2013/2016): "(TLS)" without details, folded where Exchange folds it.
        new object?[]
        {
            "from EXMBX01.corp.example.net (10.1.24.122) by\r\n EXCAS02.corp.example.net (10.1.24.118) with Microsoft SMTP Server (TLS) id\r\n 15.0.1497.42; Mon, 8 May 2023 10:44:33 +0800",
            "Exchange", HopEncryption.True, "Microsoft SMTP Server", null, null, null, null,
        },

        // Exchange without TLS: it writes "(TLS)" or "(version=...)" for every TLS session, so none here means clear text.
        new object?[]
        {
            "from scanner.corp.example.net (10.15.20.246) by EXCAS02.corp.example.net\r\n (10.1.24.118) with Microsoft SMTP Server id 15.0.1497.2 via\r\n Frontend Transport; Sat, 9 May 2020 16:40:03 +0800",
            "Exchange", HopEncryption.False, "Microsoft SMTP Server", null, null, null, null,
        },

        // Gmail inbound: "by mx.google.com with ESMTPS id ... for <...> (version=TLS1_3 cipher=... bits=256/256)".
        new object?[]
        {
            "from mail.example.org (mail.example.org. [192.0.2.25])\n        by mx.google.com with ESMTPS id d18si1587727wme.183.2024.06.03.01.15.02\n        for <bob@gmail.com>\n        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\n        Mon, 03 Jun 2024 01:15:02 -0700 (PDT)",
            "Gmail", HopEncryption.True, "ESMTPS", Tls13, "TLS_AES_256_GCM_SHA384", 256, null,
        },

        // Gmail before 2016: OpenSSL's "TLSv1/SSLv3" is a cipher family, not the session's version.
        new object?[]
        {
            "from client.example.org ([198.51.100.20])\n        by mx.google.com with ESMTPS id l19sm7304410fgb.9.2008.05.12.22.08.21\n        (version=TLSv1/SSLv3 cipher=RC4-MD5);\n        Mon, 12 May 2008 22:08:21 -0700 (PDT)",
            "Gmail", HopEncryption.True, "ESMTPS", null, "RC4-MD5", null, null,
        },

        // Gmail between Google's own servers: "with SMTPS id ... (Google Transport Security)".
        new object?[]
        {
            "from mail-sor-f65.google.com (mail-sor-f65.google.com. [209.85.220.65])\n        by mx.google.com with SMTPS id z4sor3890102lfh.21.2024.06.03.10.44.19\n        for <bob@example.net>\n        (Google Transport Security);\n        Mon, 03 Jun 2024 10:44:20 -0700 (PDT)",
            "Gmail", HopEncryption.True, "SMTPS", null, null, null, null,
        },

        // OpenSMTPD since 2016 (smtp_session.c): "(OpenSMTPD) with ESMTPS id %08x (%s:%s:%d:%s)" = version:cipher:bits:YES|NO; IPv6 peers without brackets.
        new object?[]
        {
            "from mail.example.org (mail.example.org 2001:db8::25)\n\tby mx.example.net (OpenSMTPD) with ESMTPS id 1a2b3c4d (TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)\n\tfor <bob@example.net>;\n\tMon, 3 Jun 2024 10:15:02 +0200 (CEST)",
            "OpenSMTPD", HopEncryption.True, "ESMTPS", Tls13, "TLS_AES_256_GCM_SHA384", 256, false,
        },

        // OpenSMTPD before 2016: "TLS version=%s cipher=%s bits=%d verify=%s" outside any comment.
        new object?[]
        {
            "from mail.example.org (mail.example.org [192.0.2.25])\n\tby mx.example.net (OpenSMTPD) with ESMTPS id 5e6f7a8b\n\tTLS version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=YES;\n\tThu, 2 Jun 2016 10:15:02 +0200 (CEST)",
            "OpenSMTPD", HopEncryption.True, "ESMTPS", Tls12, "ECDHE-RSA-AES256-GCM-SHA384", 256, true,
        },

        // Haraka since 2021 (connection.js received_line): "(Haraka/x) with ESMTPS id UUID envelope-from <...> tls CIPHER".
        new object?[]
        {
            "from mail.example.org (mail.example.org [192.0.2.25])\r\n\tby mx.example.net (Haraka/3.0.3) with ESMTPS id 8E1F3C2A-1B2C-4D5E-8F90-0A1B2C3D4E5F.1\r\n\tenvelope-from <alice@example.org>\r\n\ttls TLS_AES_256_GCM_SHA384;\r\n\tMon, 03 Jun 2024 10:15:02 +0200",
            "Haraka", HopEncryption.True, "ESMTPS", null, "TLS_AES_256_GCM_SHA384", null, null,
        },

        // Haraka before 2021: "(version=%s cipher=%s verify=OK)".
        new object?[]
        {
            "from mail.example.org (mail.example.org [192.0.2.25])\n\tby mx.example.net (Haraka/2.8.25) with ESMTPS id 1F2E3D4C-5B6A-7980-A1B2-C3D4E5F60718.1\n\tenvelope-from <alice@example.org>\n\t(version=TLSv1.2 cipher=ECDHE-RSA-AES128-GCM-SHA256 verify=OK);\n\tTue, 14 Jan 2020 08:00:00 +0100",
            "Haraka", HopEncryption.True, "ESMTPS", Tls12, "ECDHE-RSA-AES128-GCM-SHA256", null, true,
        },

        // qmail with the qmail-tls patch: received.c's "by %s with %s" where the protocol is "(CIPHER encrypted) SMTP".
        new object?[]
        {
            "from unknown (HELO mail.example.org) (192.0.2.25)\n  by mx.example.net with (DHE-RSA-AES256-SHA encrypted) SMTP; 5 Nov 2011 17:28:37 -0000",
            "qmail", HopEncryption.True, "SMTP", null, "DHE-RSA-AES256-SHA", null, null,
        },

        // Older qmail-tls: "with CIPHER encrypted SMTP" without the parentheses.
        new object?[]
        {
            "from unknown (HELO mail.example.org) (192.0.2.25)\n  by mx.example.net with DHE-RSA-AES256-SHA encrypted SMTP; 5 Nov 2009 17:28:37 -0000",
            "qmail", HopEncryption.True, "SMTP", null, "DHE-RSA-AES256-SHA", null, null,
        },

        // Stock qmail (no STARTTLS at all) or qmail-tls without TLS: "with SMTP".
        new object?[]
        {
            "from unknown (HELO old.example.org) (203.0.113.9)\n  by mx.example.net with SMTP; 5 Nov 2011 17:28:37 -0000",
            "qmail", HopEncryption.False, "SMTP", null, null, null, null,
        },

        // qpsmtpd (received_line): "(qpsmtpd/0.94) with (CIPHER encrypted) SMTP".
        new object?[]
        {
            "from sigill.example.org (HELO sigill.example.org) (10.0.0.7)\n by mx.example.net (qpsmtpd/0.94) with (ECDHE-RSA-AES256-GCM-SHA384 encrypted) SMTP; Mon, 22 Apr 2019 17:02:48 -0400",
            "qpsmtpd", HopEncryption.True, "SMTP", null, "ECDHE-RSA-AES256-GCM-SHA384", null, null,
        },

        // Mimecast: "with ESMTP with STARTTLS (version=TLSv1.3, cipher=...)", folded.
        new object?[]
        {
            "from mx.example.org\r\n (mx.example.org [192.0.2.25]) by\r\n relay.mimecast.com with ESMTP with STARTTLS (version=TLSv1.3,\r\n cipher=TLS_AES_256_GCM_SHA384) id us-mta-280-qM-ye5rAOsaELTeyzYFToQ-1; Tue,\r\n 10 Mar 2026 11:19:44 -0400",
            "Mimecast", HopEncryption.True, "ESMTP", Tls13, "TLS_AES_256_GCM_SHA384", null, null,
        },

        // A Mimecast hop without STARTTLS: Mimecast's format is known only from its samples, so no mark proves nothing.
        new object?[]
        {
            "from mx.example.org (mx.example.org [192.0.2.25]) by relay.mimecast.com with ESMTP id us-mta-281-abc; Tue, 10 Mar 2026 11:19:44 -0400",
            "Mimecast", HopEncryption.Unknown, "ESMTP", null, null, null, null,
        },

        // Unknown software with "with ESMTP": not proof of clear text.
        new object?[]
        {
            "from a.example.org (a.example.org [192.0.2.1]) by b.example.net with ESMTP id 12345; Mon, 3 Jun 2024 10:15:02 +0000",
            null, HopEncryption.Unknown, "ESMTP", null, null, null, null,
        },
    };
}
