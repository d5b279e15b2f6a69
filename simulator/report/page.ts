// The report page: a pure function from a SimulationResult to one self-contained HTML file —
// inline CSS and SVG, no script, no external request. The CLI writes it to disk; the VS Code
// extension shows the same string in a webview (passing its nonce and its own CSP).
import { currentLocale, withLocale, type Locale } from '../../l10n/locale.js';
import { hostNameOf, type SimulationResult } from '../result.js';
import { comparisonNote, renderHeader } from './header.js';
import { checkNonce, escapeHtml as esc } from './escape.js';
import { renderComparison } from './comparison.js';
import { formatInt, formatPercent } from './format.js';
import { hostLabel, layerLabel, statusLabel } from './labels.js';
import { layerTotal, renderLayerBar, renderLayerLegend } from './layers.js';
import { reportMessages as m } from './messages.js';
import { vmColourClasses } from './palette.js';
import { reportCss } from './styles.js';
import { renderTimeline } from './timeline.js';
import { renderVmCard } from './vm-cards.js';
import { LAYERS } from '../result.js';
import { localizedStop } from '../stop-reason.js';

export interface ReportOptions {
    /** The .vmdef files simulated, shown in the header. */
    files?: string[];
    /** Page title; defaults to "vmdef report — FILES". */
    title?: string;
    /** `auto` (default) follows prefers-color-scheme; VS Code theme variables win when present. */
    theme?: 'auto' | 'light' | 'dark';
    /** Put on the <style> element and into the CSP (a webview's nonce). */
    nonce?: string;
    /** Emit the CSP meta tag (default true); a webview that injects its own may turn it off. */
    csp?: boolean;
    /** The --max-cycles limit the run used, shown in the header. */
    maxCycles?: number;
    /** The language of the page's words (numbers are the same in every language); default: the process's locale. */
    locale?: Locale;
}

export function renderReport(result: SimulationResult, options: ReportOptions = {}): string {
    return withLocale(options.locale ?? currentLocale(), () => renderPage(result, options));
}

function renderPage(result: SimulationResult, options: ReportOptions): string {
    const nonce = options.nonce !== undefined ? checkNonce(options.nonce) : undefined;
    const files = options.files ?? [];
    const title = options.title ?? (files.length > 0 ? m.titleFor(files.join(', ')) : m.title());
    const theme = options.theme && options.theme !== 'auto' ? ` data-theme="${options.theme === 'dark' ? 'dark' : 'light'}"` : '';
    const styleSrc = nonce ? `'nonce-${nonce}'` : `'unsafe-inline'`;
    const csp = options.csp === false ? '' : `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${styleSrc}; base-uri 'none'; form-action 'none'">`;
    const colours = vmColourClasses(result);
    const colourOf = (vm: string) => colours.get(vm) ?? 'vm-c0';

    return `<!DOCTYPE html>
<html lang="${currentLocale()}"${theme}>
<head>
<meta charset="utf-8">
${csp}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="vmdef">
<title>${esc(title)}</title>
<style${nonce ? ` nonce="${nonce}"` : ''}>
${reportCss()}
</style>
</head>
<body>
<main>
${renderHeader(result, files, options.maxCycles)}
<nav class="toc" aria-label="${esc(m.sections())}"><a href="#timeline">${esc(m.timeline())}</a><a href="#cycles">${esc(m.cyclesByLayer())}</a><a href="#comparison">${esc(m.sideBySide())}</a><a href="#vms">${esc(m.vms())}</a></nav>
<section id="timeline" aria-labelledby="timeline-h">
<h2 id="timeline-h">${esc(m.timeline())}</h2>
<p class="note">${esc(m.timelineNote())}</p>
${renderTimelines(result, colourOf)}
</section>
<section id="cycles" aria-labelledby="cycles-h">
<h2 id="cycles-h">${esc(m.cyclesByLayer())}</h2>
<p class="note">${esc(m.cyclesByLayerNote())}</p>
${renderLayerLegend()}
${renderCyclesTable(result, colourOf)}
</section>
<section id="comparison" aria-labelledby="comparison-h">
<h2 id="comparison-h">${esc(m.sideBySide())}</h2>
<p class="note">${esc(comparisonNote(result))}</p>
${renderLayerLegend()}
${renderComparison(result)}
</section>
<section id="vms" aria-labelledby="vms-h">
<h2 id="vms-h">${esc(m.vms())}</h2>
<div class="cards">
${result.vms.map((vm, i) => renderVmCard(vm, i, colourOf(vm.name))).join('\n')}
</div>
</section>
</main>
</body>
</html>
`;
}

function renderTimelines(result: SimulationResult, colourOf: (vm: string) => string): string {
    // A loop, not Math.max(...): a long run has more slices than the call stack has arguments.
    let span = Math.max(result.cycles, 1);
    for (const s of result.timeline) if (s.end > span) span = s.end;
    return result.hypervisors
        .map((hv) => {
            const slices = result.timeline.filter((s) => s.hypervisor === hv.name);
            const vms = [...new Set([...result.vms.filter((vm) => hostNameOf(vm) === hv.name).map((vm) => vm.name), ...slices.map((s) => s.vm)])];
            const legend = vms.length
                ? `<div class="legend" aria-label="${esc(m.vmsOn(hv.name))}">${vms.map((vm) => `<span class="${colourOf(vm)}" data-legend-vm="${esc(vm)}"><span class="swatch"></span>${esc(vm)}</span>`).join('')}</div>`
                : `<p class="note">${esc(m.noVmRan())}</p>`;
            // Faults are marked; a VM stopped by the cycle limit simply runs to the end.
            const stops = new Map(
                result.vms
                    .filter((vm) => hostNameOf(vm) === hv.name && (vm.status === 'faulted' || vm.status === 'host-failed'))
                    .map((vm) => [vm.name, (vm.stop ? localizedStop(vm.stop) : statusLabel(vm.status))] as [string, string]),
            );
            return `<div class="figure" data-hypervisor-timeline="${esc(hv.name)}"><h3>${esc(hv.name)}</h3>${legend}${renderTimeline(hv, slices, { span, colourOf, stops })}</div>`;
        })
        .join('\n');
}

function renderCyclesTable(result: SimulationResult, colourOf: (vm: string) => string): string {
    if (result.vms.length === 0) return `<p class="note">${esc(m.noVms())}</p>`;
    const scale = result.vms.reduce((m, vm) => Math.max(m, layerTotal(vm.cycles)), 1);
    const head =
        `<thead><tr>${[m.columnVm(), m.columnHypervisor(), m.columnCyclesByLayer()].map((h) => `<th scope="col">${esc(h)}</th>`).join('')}` +
        `${[...LAYERS.map(layerLabel), m.columnTotal()].map((h) => `<th scope="col" class="num">${esc(h)}</th>`).join('')}</tr></thead>`;
    const rows = result.vms.map((vm, i) => {
        const total = layerTotal(vm.cycles);
        const cells = LAYERS.map((l) => {
            const v = vm.cycles[l] ?? 0;
            return `<td class="num" data-layer-cycles="${l}">${formatInt(v)}<br><span class="muted">${formatPercent(v, total)}</span></td>`;
        }).join('');
        return (
            `<tr data-vm="${esc(vm.name)}"><th scope="row"><a href="#vm-${i}"><span class="${colourOf(vm.name)}"><span class="swatch"></span></span>${esc(vm.name)}</a></th>` +
            `<td>${esc(hostLabel(vm))}</td><td class="bar-cell">${renderLayerBar(vm.cycles, scale, m.barLabel(vm.name))}</td>${cells}<td class="num">${formatInt(vm.cycles.total ?? total)}</td></tr>`
        );
    });
    return `<div class="scroll"><table class="wide" data-table="cycles">${head}<tbody>${rows.join('')}</tbody></table></div>`;
}
