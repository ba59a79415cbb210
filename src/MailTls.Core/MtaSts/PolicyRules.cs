using System.Collections.Generic;
using MailTls.Https;

namespace MailTls.MtaSts;

/// <summary>RFC 8461 §3.3's rules for the policy fetch itself, each broken one a finding that says what to change.</summary>
internal static class PolicyRules
{
    private const string Rule = "RFC 8461 §3.3";

    public static List<Finding> Check(HttpsFetchResult fetch)
    {
        var problems = new List<Finding>();
        var url = fetch.Url;
        if (fetch.Failure == HttpsFetchFailure.Tls)
        {
            problems.Add(new Finding(FindingCodes.MtaStsPolicyCertificate, Severity.Error,
                $"{Rule}: senders fetch the policy only over HTTPS with a certificate valid for {url.Host}. {fetch.FailureMessage}"));
            return problems;
        }

        if (fetch.Failure != HttpsFetchFailure.None)
        {
            problems.Add(new Finding(FindingCodes.MtaStsPolicyUnavailable, Severity.Error,
                $"The policy could not be fetched from {url}: {fetch.FailureMessage}"));
            return problems;
        }

        if (fetch.StatusCode is >= 300 and < 400)
        {
            var where = fetch.Location.Length > 0 ? fetch.Location : "no Location";
            problems.Add(new Finding(FindingCodes.MtaStsPolicyRedirect, Severity.Error,
                $"{Rule}: {url} redirects ({fetch.StatusCode}) to {where}, and senders must not follow redirects. Serve the policy at this URL itself."));
            return problems;
        }

        if (fetch.StatusCode != 200)
        {
            problems.Add(new Finding(FindingCodes.MtaStsPolicyUnavailable, Severity.Error,
                $"{Rule}: senders accept only 200 OK, and {url} answered {fetch.StatusCode}. Publish the policy file at /.well-known/mta-sts.txt."));
            return problems;
        }

        if (fetch.ContentType != "text/plain")
        {
            var served = fetch.ContentType.Length > 0 ? fetch.ContentType : "no Content-Type";
            problems.Add(new Finding(FindingCodes.MtaStsPolicyContentType, Severity.Error,
                $"RFC 8461 §3.2: the policy must be served as text/plain, and {url} sent {served}. Set the media type for mta-sts.txt on the web server."));
        }

        if (fetch.BodyTooLarge)
        {
            problems.Add(new Finding(FindingCodes.MtaStsPolicyTooLarge, Severity.Error,
                $"{Rule}: the policy at {url} is larger than {MtaStsPolicyFetcher.MaxPolicyBytes / 1024} KiB, where senders stop reading. Keep only version, mode, mx and max_age lines."));
        }

        return problems;
    }
}
