// The top of the report: what was simulated, on which hypervisors, for how long.
import type { SimulationResult } from '../result.js';
import { escapeHtml as esc } from './escape.js';
import { formatDuration, formatHz, formatInt, formatRatio } from './format.js';
import { KIND_LABEL, TECHNIQUE_LABEL, labelOf } from './labels.js';
import { layerTotal } from './layers.js';

export function renderHeader(result: SimulationResult, files: string[], maxCycles?: number): string {
    const stats: [string, string, string][] = [
        ['cycles', formatInt(result.cycles), 'host cycles simulated'],
        ['vms', String(result.vms.length), result.vms.length === 1 ? 'VM' : 'VMs'],
        ['hypervisors', String(result.hypervisors.length), result.hypervisors.length === 1 ? 'hypervisor' : 'hypervisors'],
    ];
    const faulted = result.vms.filter((vm) => vm.status !== 'halted').length;
    if (faulted > 0) stats.push(['not-halted', String(faulted), 'did not halt normally']);
    const limit = maxCycles !== undefined ? `<p class="note">Cycle limit: ${formatInt(maxCycles)} (<code>--max-cycles</code>).</p>` : '';
    const fileLine = files.length > 0 ? `<p class="muted" data-files>${files.map((f) => `<code>${esc(f)}</code>`).join(', ')}</p>` : '';
    // When each host's VMs were last on a pCPU: a Type 1 run that ends early shows it here.
    const busyUntil = new Map<string, number>();
    for (const s of result.timeline) busyUntil.set(s.hypervisor, Math.max(busyUntil.get(s.hypervisor) ?? 0, s.end));
    const rows = result.hypervisors.map(
        (hv) =>
            `<tr data-hypervisor="${esc(hv.name)}"><th scope="row">${esc(hv.name)}</th><td>${esc(labelOf(KIND_LABEL, hv.kind))}</td>` +
            `<td>${esc(labelOf(TECHNIQUE_LABEL, hv.technique))}</td><td><code>${esc(hv.costPreset)}</code></td>` +
            `<td>${esc(hv.hardware)}</td><td class="num">${hv.usablePcpus} / ${hv.pcpus}</td><td class="num">${esc(formatHz(hv.clockHz))}</td>` +
            `<td class="num" data-busy-until="${busyUntil.get(hv.name) ?? 0}">${formatInt(busyUntil.get(hv.name) ?? 0)} cycles<br><span class="muted">${esc(formatDuration(busyUntil.get(hv.name) ?? 0, hv.clockHz))}</span></td></tr>`,
    );
    return (
        `<header><h1>vmdef report</h1>${fileLine}` +
        `<div class="summary">${stats.map(([key, value, label]) => `<div class="stat" data-stat="${key}"><div class="value num">${esc(value)}</div><div class="label">${esc(label)}</div></div>`).join('')}</div>` +
        limit +
        '<div class="scroll"><table class="wide" data-table="hypervisors"><thead><tr><th scope="col">hypervisor</th><th scope="col">type</th><th scope="col">technique</th>' +
        '<th scope="col">cost preset</th><th scope="col">hardware</th><th scope="col" class="num">pCPUs usable / total</th><th scope="col" class="num">clock</th>' +
        `<th scope="col" class="num">VMs ran until</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></header>`
    );
}

/**
 * One sentence with the headline of the comparison: cost per guest instruction, which compares
 * hypervisors even when their VMs did different amounts of work.
 */
export function comparisonNote(result: SimulationResult): string {
    const base = "One column per hypervisor; each figure sums that hypervisor's VMs.";
    const ranked = result.hypervisors
        .map((hv) => {
            const instructions = result.vms.filter((vm) => vm.hypervisor === hv.name).reduce((n, vm) => n + (vm.instructions ?? 0), 0);
            return { hv, perInstruction: instructions > 0 ? layerTotal(hv.cycles) / instructions : 0 };
        })
        .filter((x) => x.perInstruction > 0);
    if (ranked.length < 2) return base;
    ranked.sort((a, b) => a.perInstruction - b.perInstruction);
    const cheap = ranked[0];
    const dear = ranked[ranked.length - 1];
    const describe = (x: typeof cheap) => `${x.hv.name} (${labelOf(KIND_LABEL, x.hv.kind)}, ${labelOf(TECHNIQUE_LABEL, x.hv.technique)})`;
    return `${base} Per guest instruction, ${describe(dear)} spent ${formatRatio(dear.perInstruction / cheap.perInstruction)} the cycles of ${describe(cheap)}.`;
}
