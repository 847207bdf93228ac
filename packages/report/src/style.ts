// The one stylesheet of both pages. Outcomes carry a symbol in the text, so colour only repeats what
// is already written (readable in greyscale and in print); dark mode follows prefers-color-scheme.
export const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --link: #0a58ca;
  --pass-bg: #d6f5df; --pass-fg: #0f5323; --fail-bg: #ffd7d5; --fail-fg: #8a1010;
  --error-bg: #ffc9a3; --error-fg: #7a2e00; --xfail-bg: #e8defa; --xfail-fg: #4b2a86;
  --acc-bg: #fff0b3; --acc-fg: #6b4e00; --skip-bg: #eceff2; --skip-fg: #4d5761;
  --mark-bg: #ffb3ad; --focus: #0a58ca;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1216; --fg: #e6edf3; --muted: #9ba7b4; --line: #343c46; --panel: #171c22; --link: #79b8ff;
    --pass-bg: #12361f; --pass-fg: #8ee6a8; --fail-bg: #4a1515; --fail-fg: #ffb3ad;
    --error-bg: #4d2a0c; --error-fg: #ffc08a; --xfail-bg: #2e2147; --xfail-fg: #d2bdfa;
    --acc-bg: #3d3208; --acc-fg: #f5d66b; --skip-bg: #222931; --skip-fg: #aeb8c2;
    --mark-bg: #8c2b25; --focus: #79b8ff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem 1.25rem 3rem; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.45rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible, summary:focus-visible,
[tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
code, pre, .mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .85rem; }
pre { margin: .3rem 0; padding: .5rem .6rem; background: var(--panel); border: 1px solid var(--line);
  border-radius: 4px; overflow-x: auto; white-space: pre; }
.muted { color: var(--muted); }
.skip-link { position: absolute; left: -999px; } .skip-link:focus { left: 1rem; top: .5rem; background: var(--bg); padding: .3rem; }
.banner { padding: .6rem .8rem; border-radius: 6px; border: 1px solid var(--line); margin: .5rem 0 1rem; font-weight: 600; }
.o-pass { background: var(--pass-bg); color: var(--pass-fg); }
.o-fail { background: var(--fail-bg); color: var(--fail-fg); }
.o-error { background: var(--error-bg); color: var(--error-fg); }
.o-expected-fail { background: var(--xfail-bg); color: var(--xfail-fg); }
.o-acceptable { background: var(--acc-bg); color: var(--acc-fg); }
.o-skip { background: var(--skip-bg); color: var(--skip-fg); }
.o-none { color: var(--muted); }
.chips { display: flex; flex-wrap: wrap; gap: .4rem; margin: .5rem 0; padding: 0; list-style: none; }
.chips li { padding: .15rem .55rem; border-radius: 999px; font-weight: 600; border: 1px solid var(--line); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
.legend { font-size: .85rem; color: var(--muted); }
.legend span { margin-right: .8rem; white-space: nowrap; }
.scroll { overflow-x: auto; max-width: 100%; }
table.grid { border-collapse: collapse; font-size: .82rem; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: .15rem .35rem; text-align: center; white-space: nowrap; }
table.grid th[scope=row] { text-align: left; font-weight: 600; position: sticky; left: 0; background: var(--bg); z-index: 1; }
table.grid thead th { position: sticky; top: 0; background: var(--panel); z-index: 2; vertical-align: bottom;
  white-space: normal; max-width: 7.5rem; }
table.grid caption { text-align: left; caption-side: top; padding: .2rem 0; }
table.grid td a, table.grid td span.c { display: block; color: inherit; text-decoration: none; min-width: 2.6rem; }
table.grid td a { text-decoration: underline; text-decoration-thickness: 1px; }
table.grid td.o-fail, table.grid td.o-error { font-weight: 700; }
table.grid td.rt { text-align: left; font-weight: 400; color: var(--muted); max-width: 16rem; overflow: hidden; text-overflow: ellipsis; }
table.grid tr.kind th { background: var(--panel); text-align: left; font-size: .9rem; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem .6rem;
  border: 1px solid var(--line); border-radius: 6px; background: var(--panel); margin: .5rem 0; }
.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; }
.filters legend { float: left; margin-right: .4rem; font-weight: 600; padding: 0; }
.filters button, .filters select, .filters input { font: inherit; font-size: .85rem; padding: .2rem .55rem;
  border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); cursor: pointer; }
.filters button[aria-pressed=true] { border-width: 2px; font-weight: 700; }
.filters button[aria-pressed=true]::before { content: "● "; }
.filters button[aria-pressed=false] { opacity: .75; text-decoration: line-through; }
.filters input[type=search] { cursor: text; min-width: 14rem; }
ol.glance { margin: .3rem 0; padding-left: 2rem; font-size: .9rem; } ol.glance li { margin: .1rem 0; overflow-wrap: anywhere; }
ol.results { list-style: none; padding: 0; margin: 0; }
ol.results > li { border-bottom: 1px solid var(--line); padding: .3rem 0; }
ol.results > li:target, li.vec:target, .cellref:target { outline: 3px solid var(--focus); outline-offset: 2px; }
.badge { display: inline-block; min-width: 6.5rem; padding: 0 .35rem; border-radius: 3px; font-weight: 700; font-size: .82rem; }
.tname { font-weight: 600; }
.failure { margin: .35rem 0 .6rem 1rem; padding-left: .8rem; border-left: 3px solid var(--line); }
.failure .detail { font-weight: 600; margin: .2rem 0; overflow-wrap: anywhere; }
.rules { margin: .2rem 0; padding: 0; list-style: none; font-size: .85rem; }
.rules li { margin: .05rem 0; } .rules li > a:first-child { display: inline-block; min-width: 3rem; font-weight: 600; }
.rtext { white-space: pre-line; }
.flags { font-size: .88rem; margin: .2rem 0; }
dl.status { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; margin: .3rem 0; font-size: .88rem; }
dl.status dt { color: var(--muted); } dl.status dd { margin: 0; overflow-wrap: anywhere; }
.fname { font-size: .85rem; font-weight: 600; margin-top: .3rem; }
pre.hexdiff mark { background: var(--mark-bg); color: inherit; font-weight: 700; text-decoration: underline; }
pre.hexdiff .car { color: var(--muted); }
table.vdiff { border-collapse: collapse; font-size: .82rem; margin: .3rem 0; }
table.vdiff th, table.vdiff td { border: 1px solid var(--line); padding: .1rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.vdiff td { font-family: ui-monospace, Menlo, Consolas, monospace; max-width: 36rem; }
dl.rules-full dt { font-weight: 700; margin-top: .6rem; } dl.rules-full dd { margin: .1rem 0 0 1.2rem; font-size: .9rem; }
ul.cellrefs { font-size: .88rem; padding-left: 1.2rem; } ul.cellrefs li { margin: .1rem 0; overflow-wrap: anywhere; }
.cellref:target, dl.rules-full dt:target { outline: 3px solid var(--focus); outline-offset: 2px; }
details > summary { cursor: pointer; }
.count { color: var(--muted); font-size: .9rem; }
.bench svg { max-width: 100%; height: auto; }
[hidden] { display: none !important; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --panel: #fff; --line: #999; --link: #000; }
  body { padding: 0; font-size: 10.5pt; }
  .filters, .skip-link, .noprint { display: none !important; }
  a { text-decoration: none; }
  table.grid th[scope=row], table.grid thead th { position: static; }
  .scroll { overflow: visible; }
  ol.results > li, .failure, li.vec, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  pre { white-space: pre-wrap; }
}
`;
