using System;
using System.Security.Cryptography;
using System.Text;

namespace MailTls.Reporting;

/// <summary>
/// The report page's only style sheet and script, inline: the page loads nothing from anywhere, and
/// its Content-Security-Policy allows exactly these two by hash, so no text from the data can run.
/// </summary>
internal static class HtmlReportAssets
{
    public const string Style = """
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--soft:#f5f7fa;--head:#243b53}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
main{max-width:1240px;margin:0 auto;padding:28px 36px 40px}
header{border-bottom:2px solid var(--head);padding-bottom:14px;margin-bottom:8px}
h1{font-size:24px;font-weight:600;margin:0 0 6px;color:var(--head)}
h2{font-size:17px;font-weight:600;margin:30px 0 10px;color:var(--head)}
h3{font-size:14px;font-weight:600;margin:0 0 6px}
p{margin:0 0 8px}
.meta{color:var(--muted)}
.meta strong{color:var(--ink);font-weight:600}
.note{color:var(--muted);font-size:13px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.card{border:1px solid var(--line);border-left:5px solid #8a94a6;border-radius:4px;padding:10px 14px}
.card .n{font-size:28px;font-weight:600;line-height:1.15}
.card .l{font-weight:600}
.card .s{color:var(--muted);font-size:12.5px}
.card.v-pass{border-left-color:#2e7d5b}.card.v-warn{border-left-color:#d9a03f}.card.v-fail{border-left-color:#b42318}.card.v-error{border-left-color:#8a94a6}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
thead th{background:var(--soft);font-size:12.5px;font-weight:600;color:var(--muted);white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.levels td:first-child{font-weight:600;white-space:nowrap}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:20px;margin-top:30px}
.chart{border:1px solid var(--line);border-radius:4px;padding:12px 16px}
.chart svg{display:block;max-width:100%;height:auto}
.chart text{font:12.5px system-ui,-apple-system,"Segoe UI",Roboto,Arial,"Liberation Sans","DejaVu Sans",sans-serif;fill:#1f2933}
.chart text.v{fill:#52606d}
#domains{font-size:13px;table-layout:fixed}
#domains thead th{white-space:normal}
#domains td:first-child,#domains td:last-child,#domains code{overflow-wrap:anywhere}
#domains td:first-child{font-weight:600}
.c-domain{width:18%}.c-verdict{width:7%}.c-level{width:7%}.c-mx{width:4%}.c-tls{width:6.5%}.c-days{width:6.5%}.c-sts{width:7%}.c-findings{width:15%}
#domains .hosts{display:block;font-weight:400;color:var(--muted);font-size:12px}
.badge{display:inline-block;padding:0 8px;border-radius:9px;font-size:12px;font-weight:600;white-space:nowrap}
.b-pass{background:#e3f1ea;color:#1f5e42}.b-warn{background:#fbf0d9;color:#7a4e0c}.b-fail{background:#fbe4e1;color:#8f1d14}.b-error{background:#eceff3;color:#3e4c59}
.late{color:#b42318;font-weight:600}.soon{color:#a35c0c;font-weight:600}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
td code{display:block}
.finding{border:1px solid var(--line);border-left:5px solid #8a94a6;border-radius:4px;padding:10px 14px;margin:0 0 10px;break-inside:avoid}
.finding.s-error{border-left-color:#b42318}.finding.s-warning{border-left-color:#d9a03f}.finding.s-info{border-left-color:#5b7fa6}
.finding h3 code{font-size:13px;font-weight:600}
.finding .sev{color:var(--muted);font-weight:400}
.finding ul{margin:6px 0 0;padding-left:20px}
.finding li{margin:2px 0}
.finding .who{margin:4px 0 0}
.finding .who strong{font-weight:600}
details summary{cursor:pointer;color:var(--head)}
footer{margin-top:32px;padding-top:10px;border-top:1px solid var(--line);color:var(--muted);font-size:12.5px}
.js-only{display:none}
.js .js-only{display:inline}
table.sortable thead th{cursor:pointer;user-select:none}
table.sortable thead th:hover{color:var(--ink)}
th[aria-sort=ascending]::after{content:" \25B2";font-size:10px}
th[aria-sort=descending]::after{content:" \25BC";font-size:10px}
@media screen and (max-width:900px){.cards{grid-template-columns:repeat(2,1fr)}.charts{grid-template-columns:1fr}main{padding:16px}}
@page{size:landscape;margin:12mm}
@media print{.js-only{display:none!important}main{max-width:none;padding:0}body{font-size:11px}#domains{font-size:10.5px}thead{display:table-header-group}tr,.card,.chart{break-inside:avoid}h2{break-after:avoid}details::details-content{content-visibility:visible;display:block}}
""";

    // Sorts the domain table by the clicked column: numbers by data-v (blank last either way),
    // other text by data-s or the cell's text; ties keep the current order, so sorts compose.
    public const string Script = """
(function () {
  var table = document.getElementById('domains');
  if (!table) { return; }
  var heads = table.tHead.rows[0].cells;
  document.documentElement.classList.add('js');
  table.classList.add('sortable');
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v !== null) { return v === '' ? null : parseFloat(v); }
    var s = cell.getAttribute('data-s');
    return (s !== null ? s : cell.textContent).trim().toLowerCase();
  }
  function sortBy(i) {
    var ascending = heads[i].getAttribute('aria-sort') !== 'ascending';
    for (var j = 0; j < heads.length; j++) { heads[j].removeAttribute('aria-sort'); }
    heads[i].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, n) { return { row: row, key: key(row.cells[i]), n: n }; });
    rows.sort(function (a, b) {
      if (a.key === null || b.key === null) { return a.key === b.key ? a.n - b.n : (a.key === null ? 1 : -1); }
      var c = typeof a.key === 'number' ? a.key - b.key : a.key.localeCompare(b.key);
      return (ascending ? c : -c) || a.n - b.n;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r.row); });
    body.appendChild(fragment);
  }
  Array.prototype.forEach.call(heads, function (head, i) {
    head.tabIndex = 0;
    head.title = 'Sort by this column';
    head.addEventListener('click', function () { sortBy(i); });
    head.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(i); } });
  });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
})();
""";

    /// <summary>The page's Content-Security-Policy: nothing from anywhere, only this style sheet and script.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; img-src data:; base-uri 'none'; form-action 'none'";

    private static string Hash(string text)
    {
        using var sha = SHA256.Create();
        return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }
}
