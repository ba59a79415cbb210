using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailTls.Client;
using MailTls.Dns;

namespace MailTls.Tests.Client;

/// <summary>Whatever SRV records a domain publishes, discovery yields endpoints a client could use, in the order clients try them.</summary>
public class ClientDiscoveryPropertyTests
{
    [Property(MaxTest = 500)]
    public Property FromSrv_AnyRecords_GiveUsableDistinctEndpointsInPriorityOrder()
    {
        var record = from priority in Gen.Choose(0, 3)
                     from weight in Gen.Choose(0, 3)
                     from port in Gen.Elements(0, 143, 993, 1143)
                     from host in Gen.Elements(string.Empty, "a.contoso.test", "b.contoso.test")
                     select new SrvTarget(priority, weight, port, host);
        var records = from count in Gen.Choose(0, 6)
                      from list in Gen.ArrayOf(record, count)
                      select list;

        return Prop.ForAll(Arb.From(records), list =>
        {
            var service = ClientService.All.Single(s => s.SrvPrefix == "_imaps._tcp");
            var outcome = ClientDiscoveryRules.FromSrv("contoso.test", MailClientProtocol.Imap, new[] { (service, new SrvLookup("_imaps._tcp.contoso.test", list, null)) });
            var usable = list.Where(r => !r.IsNotOffered && r.Port != 0).ToArray();
            var priorities = outcome.Endpoints.Select(e => list.Where(r => r.Host == e.HostName && r.Port == e.Port).Min(r => r.Priority)).ToArray();

            return outcome.Published == (list.Length > 0)
                && outcome.Endpoints.All(e => e.HostName.Length > 0 && e.Port > 0 && e.Mode == SmtpTlsMode.Implicit)
                && outcome.Endpoints.Select(e => (e.HostName, e.Port)).Distinct().Count() == outcome.Endpoints.Count
                && outcome.Endpoints.Count == usable.Select(r => (r.Host, r.Port)).Distinct().Count()
                && priorities.SequenceEqual(priorities.OrderBy(p => p));
        });
    }
}
