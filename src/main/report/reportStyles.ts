/** The report's styles (inline; light and dark by the reader's preference). */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de; --right: #116329; --wrong: #a40e26; --node: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --line: #30363d; --right: #3fb950; --wrong: #ff7b72; --node: #161b22; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
.meta, .note { color: var(--muted); font-size: 12.5px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; font-size: 12.5px; }
td.num, th.num { text-align: right; white-space: nowrap; }
.warn { border-left: 3px solid #d97706; padding: 4px 10px; background: var(--panel); margin: 4px 0; }
.verdict { font-weight: 600; } .pair { background: var(--panel); padding: 10px 14px; border-radius: 6px; margin: 10px 0; }
.pair p { margin: 3px 0; }
svg text { fill: var(--fg); font-size: 12px; } svg .label { text-anchor: end; } svg .tick { fill: var(--muted); font-size: 11px; text-anchor: middle; }
svg .bar-value { fill: var(--muted); font-size: 11px; text-anchor: start; } svg .grid { stroke: var(--line); } svg .ci { stroke: var(--fg); stroke-width: 1.5; } svg .value { font-weight: 600; }
.graph .node rect { fill: var(--node); stroke: var(--muted); } .graph .node-name { font-weight: 600; } .graph .node-kind { fill: var(--muted); font-size: 11px; }
.graph .kind-prompt rect { stroke: #2563eb; } .graph .kind-score rect { stroke: #059669; } .graph .kind-dataset rect { stroke: #d97706; }
.graph .edge { fill: none; stroke: var(--muted); stroke-width: 1.5; } .graph .arrow { fill: var(--muted); }
.graph-box { overflow-x: auto; background: var(--panel); border-radius: 6px; padding: 8px; }
.controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.controls input[type=search] { font: inherit; padding: 5px 8px; width: 320px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 4px; background: var(--panel); color: var(--fg); cursor: pointer; } button:disabled { opacity: .45; cursor: default; }
#items td.text { max-width: 360px; } #items td.thumb { width: 60px; } #items td.thumb img { max-width: 56px; max-height: 56px; display: block; }
#items td.right { color: var(--right); } #items td.wrong { color: var(--wrong); } #items td.unscored { color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
`;
