// The top of the report: what was simulated, on which hypervisors, for how long.
import { hostNameOf, type HypervisorResult, type SimulationResult } from '../result.js';
import { escapeHtml as esc, markup } from './escape.js';
import { formatDuration, formatHz, formatInt, formatRatio } from './format.js';
import { kindLabel, techniqueLabel } from './labels.js';
import { layerTotal } from './layers.js';
import { reportMessages as m } from './messages.js';

export function renderHeader(result: SimulationResult, files: string[], maxCycles?: number): string {
    const stats: [string, string, string][] = [
        ['cycles', formatInt(result.cycles), m.statCycles()],
        ['vms', String(result.vms.length), m.statVms(result.vms.length)],
        ['hypervisors', String(result.hypervisors.length), m.statHypervisors(result.hypervisors.length)],
    ];
    const faulted = result.vms.filter((vm) => vm.status !== 'halted').length;
    if (faulted > 0) stats.push(['not-halted', String(faulted), m.statNotHalted()]);
    const limit = maxCycles !== undefined ? `<p class="note">${markup(m.cycleLimit, formatInt(maxCycles), '<code>--max-cycles</code>')}</p>` : '';
    const fileLine = files.length > 0 ? `<p class="muted" data-files>${files.map((f) => `<code>${esc(f)}</code>`).join(', ')}</p>` : '';
    // When each host's VMs were last on a pCPU: a Type 1 run that ends early shows it here.
    const busyUntil = new Map<string, number>();
    for (const s of result.timeline) busyUntil.set(s.hypervisor, Math.max(busyUntil.get(s.hypervisor) ?? 0, s.end));
    const rows = result.hypervisors.map(
        (hv) =>
            `<tr data-hypervisor="${esc(hv.name)}"><th scope="row">${esc(hv.name)}${profileNote(hv)}</th><td>${esc(kindLabel(hv.kind))}</td>` +
            `<td>${esc(techniqueLabel(hv.technique))}</td><td><code>${esc(hv.costPreset)}</code></td>` +
            `<td>${esc(hv.hardware)}</td><td class="num">${hv.usablePcpus} / ${hv.pcpus}</td><td class="num">${esc(formatHz(hv.clockHz))}</td>` +
            `<td class="num" data-busy-until="${busyUntil.get(hv.name) ?? 0}">${esc(m.cycles(formatInt(busyUntil.get(hv.name) ?? 0)))}<br><span class="muted">${esc(formatDuration(busyUntil.get(hv.name) ?? 0, hv.clockHz))}</span></td></tr>`,
    );
    return (
        `<header><h1>${esc(m.title())}</h1>${fileLine}` +
        `<div class="summary">${stats.map(([key, value, label]) => `<div class="stat" data-stat="${key}"><div class="value num">${esc(value)}</div><div class="label">${esc(label)}</div></div>`).join('')}</div>` +
        limit +
        '<div class="scroll"><table class="wide" data-table="hypervisors"><thead><tr>' +
        [m.columnHypervisor(), m.columnType(), m.columnTechnique(), m.columnCostPreset(), m.columnHardware()].map((h) => `<th scope="col">${esc(h)}</th>`).join('') +
        [m.columnPcpus(), m.columnClock(), m.columnBusyUntil()].map((h) => `<th scope="col" class="num">${esc(h)}</th>`).join('') +
        `</tr></thead><tbody>${rows.join('')}</tbody></table></div></header>`
    );
}

/**
 * One sentence with the headline of the comparison: cost per guest instruction, which compares
 * hypervisors even when their VMs did different amounts of work.
 */
export function comparisonNote(result: SimulationResult): string {
    const base = m.comparisonBase();
    const ranked = result.hypervisors
        .map((hv) => {
            const instructions = result.vms.filter((vm) => hostNameOf(vm) === hv.name).reduce((n, vm) => n + (vm.instructions ?? 0), 0);
            return { hv, perInstruction: instructions > 0 ? layerTotal(hv.cycles) / instructions : 0 };
        })
        .filter((x) => x.perInstruction > 0);
    if (ranked.length < 2) return base;
    ranked.sort((a, b) => a.perInstruction - b.perInstruction);
    const cheap = ranked[0];
    const dear = ranked[ranked.length - 1];
    const describe = (x: typeof cheap) => `${x.hv.name} (${[x.hv.profile && m.asProfile(x.hv.profile.title), kindLabel(x.hv.kind), techniqueLabel(x.hv.technique)].filter(Boolean).join(', ')})`;
    return `${base} ${m.comparisonRanking(describe(dear), formatRatio(dear.perInstruction / cheap.perInstruction), describe(cheap))}`;
}

/** `as Xen` under a hypervisor's name, when it is `like` a profile. */
export function profileNote(hv: HypervisorResult): string {
    return hv.profile ? `<br><span class="muted" data-profile="${esc(hv.profile.name)}">${esc(m.asProfile(hv.profile.title))}</span>` : '';
}
