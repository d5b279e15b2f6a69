// The report's stylesheet. Colours resolve to VS Code theme variables when the page is shown in
// a webview, else to light or dark defaults (prefers-color-scheme, or a forced `theme`).
import { paletteCss } from './palette.js';

interface Scheme {
    bg: string;
    fg: string;
    muted: string;
    border: string;
    panel: string;
    grid: string;
    lane: string;
    guest: string;
    kernel: string;
    hypervisor: string;
    host: string;
    waiting: string;
    ok: string;
    bad: string;
    warn: string;
}

const LIGHT: Scheme = {
    bg: '#ffffff', fg: '#1f2328', muted: '#59636e', border: '#d1d9e0', panel: '#f6f8fa',
    grid: '#d8dee4', lane: '#f3f5f7',
    guest: '#3fa34d', kernel: '#3b76c4', hypervisor: '#e8871e', host: '#8e5bb5', waiting: '#a8adb3',
    ok: '#1a7f37', bad: '#cf222e', warn: '#9a6700',
};

const DARK: Scheme = {
    bg: '#1e1e1e', fg: '#d4d4d4', muted: '#9da5b0', border: '#3c3c3c', panel: '#252526',
    grid: '#3a3d41', lane: '#2a2b2e',
    guest: '#4cb35a', kernel: '#4f8fdc', hypervisor: '#f0993a', host: '#a778cc', waiting: '#6e7379',
    ok: '#3fb950', bad: '#f85149', warn: '#d29922',
};

/** The scheme's values behind VS Code's variables where VS Code has a matching one. */
function schemeVars(s: Scheme): string {
    return [
        `--bg:var(--vscode-editor-background,${s.bg})`,
        `--fg:var(--vscode-editor-foreground,${s.fg})`,
        `--muted:var(--vscode-descriptionForeground,${s.muted})`,
        `--border:var(--vscode-panel-border,${s.border})`,
        `--panel:var(--vscode-editorWidget-background,${s.panel})`,
        `--grid:${s.grid}`,
        `--lane:${s.lane}`,
        `--layer-guest:var(--vscode-charts-green,${s.guest})`,
        `--layer-kernel:var(--vscode-charts-blue,${s.kernel})`,
        `--layer-hypervisor:var(--vscode-charts-orange,${s.hypervisor})`,
        `--layer-host:var(--vscode-charts-purple,${s.host})`,
        `--layer-waiting:${s.waiting}`,
        `--ok:var(--vscode-testing-iconPassed,${s.ok})`,
        `--bad:var(--vscode-errorForeground,${s.bad})`,
        `--warn:var(--vscode-editorWarning-foreground,${s.warn})`,
    ].join(';');
}

export function reportCss(): string {
    return `
:root{color-scheme:light dark;${schemeVars(LIGHT)}}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){${schemeVars(DARK)}}}
:root[data-theme=dark],body.vscode-dark,body.vscode-high-contrast{${schemeVars(DARK)}}
:root[data-theme=light],body.vscode-light{${schemeVars(LIGHT)}}
:root[data-theme=dark]{color-scheme:dark}
:root[data-theme=light]{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 var(--vscode-font-family,system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif)}
main{max-width:1240px;margin:0 auto;padding:20px 28px 48px}
@media (max-width:700px){main{padding:12px 12px 32px}}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.25em;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--border)}
h3{font-size:1.05em;margin:18px 0 6px}
h4{font-size:.95em;margin:12px 0 4px}
caption{text-align:left;font-size:.9em;padding:2px 0}
p.note,.muted{color:var(--muted)}
p.note{margin:4px 0 10px;font-size:.92em}
code,pre,.num{font-family:var(--vscode-editor-font-family,ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace)}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;font-size:.92em}
nav.toc{display:flex;flex-wrap:wrap;gap:4px 16px;margin:8px 0 0;font-size:.92em}
a{color:var(--vscode-textLink-foreground,#0969da)}
.summary{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.stat{background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:8px 14px;min-width:140px}
.stat .value{font-size:1.35em;font-weight:600}
.stat .label{color:var(--muted);font-size:.85em}
table{border-collapse:collapse;margin:6px 0 10px}
th,td{border-bottom:1px solid var(--border);padding:4px 10px;text-align:left;vertical-align:top}
th{font-weight:600}
thead th{border-bottom:2px solid var(--border)}
tbody th{font-weight:500;color:var(--muted)}
table.wide{width:100%}
.scroll{overflow-x:auto}
table.comparison td{min-width:150px}
.swatch{display:inline-block;width:.85em;height:.85em;border-radius:2px;background:var(--c);vertical-align:-1px;margin-right:5px}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0;font-size:.92em}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.82em;font-weight:600;border:1px solid currentColor}
.status-halted{color:var(--ok)}
.status-faulted,.status-host-failed{color:var(--bad)}
.status-limit{color:var(--warn)}
.figure{background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:10px 12px;margin:8px 0 16px}
svg{display:block}
svg.timeline{width:100%;min-width:720px;height:auto;font-size:11px}
.figure{overflow-x:auto}
svg text{fill:var(--fg)}
svg .axis text{fill:var(--muted)}
.lane-bg{fill:var(--lane)}
.grid{stroke:var(--grid);stroke-width:1}
.slice{fill:var(--c);stroke:var(--bg);stroke-width:.5}
.slice-label{fill:#111;font-size:10px;pointer-events:none}
.stop-mark path{fill:var(--bad);stroke:var(--bg);stroke-width:1}
.host-failed line{stroke:var(--bad);stroke-width:2;stroke-dasharray:4 3}
.host-failed text{fill:var(--bad);font-weight:600}
svg.bar{width:100%;height:16px}
.bar-track{fill:var(--lane)}
.layer-guest{--c:var(--layer-guest)}
.layer-kernel{--c:var(--layer-kernel)}
.layer-hypervisor{--c:var(--layer-hypervisor)}
.layer-host{--c:var(--layer-host)}
.layer-waiting{--c:var(--layer-waiting)}
rect.seg{fill:var(--c)}
.mem-paging{--c:var(--layer-hypervisor)}
.mem-walks{--c:var(--layer-kernel)}
.mem-rest{--c:var(--lane)}
.card section.memory{margin:8px 0}
td.bar-cell{width:34%;min-width:160px;vertical-align:middle}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(360px,100%),1fr));gap:14px}
.card{border:1px solid var(--border);border-radius:6px;padding:10px 14px;background:var(--panel)}
.card h3{margin-top:2px}
.card table{width:100%}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
pre.console{background:var(--bg);border:1px solid var(--border);border-radius:4px;padding:6px 8px;max-height:220px;overflow:auto;margin:4px 0;white-space:pre-wrap;word-break:break-all}
.stop{color:var(--bad)}
.warn{color:var(--warn)}
${paletteCss()}
`.trim();
}
