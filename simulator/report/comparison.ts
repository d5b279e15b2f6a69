// Every hypervisor side by side, one column each: Type 1 vs Type 2, one technique vs another.
// Figures are per hypervisor (its VMs together) so hosts with different VMs still compare.
import { addCount, newCounts } from '../counts.js';
import { hostNameOf, LAYERS, type HypervisorResult, type SimulationResult, type VmResult } from '../result.js';
import { escapeHtml as esc } from './escape.js';
import { formatDuration, formatHz, formatInt, formatPercent, formatRatio } from './format.js';
import { kindLabel, layerLabel, statusLabel, techniqueLabel } from './labels.js';
import { layerTotal, renderLayerBar } from './layers.js';
import { reportMessages as m } from './messages.js';

interface Column {
    hv: HypervisorResult;
    vms: VmResult[];
    total: number;
    instructions: number;
    exits: Record<string, number>;
    hypercalls: Record<string, number>;
}

function columns(result: SimulationResult): Column[] {
    return result.hypervisors.map((hv) => {
        const vms = result.vms.filter((vm) => hostNameOf(vm) === hv.name);
        const exits = newCounts();
        const hypercalls = newCounts();
        for (const vm of vms) {
            for (const [reason, n] of Object.entries(vm.exits ?? {})) addCount(exits, reason, n);
            for (const [name, n] of Object.entries(vm.hypercalls ?? {})) addCount(hypercalls, name, n);
        }
        return {
            hv,
            vms,
            total: layerTotal(hv.cycles),
            instructions: vms.reduce((n, vm) => n + (vm.instructions ?? 0), 0),
            exits,
            hypercalls,
        };
    });
}

export function renderComparison(result: SimulationResult): string {
    const cols = columns(result);
    if (cols.length === 0) return `<p class="note">${esc(m.noHypervisors())}</p>`;
    // a loop, not Math.min(...): a definition may have more hypervisors than a call has arguments
    let fastest = Infinity;
    for (const c of cols) if (c.total > 0 && c.total < fastest) fastest = c.total;
    const rows: string[] = [];
    const row = (key: string, label: string, cell: (c: Column) => string, numeric = true) =>
        rows.push(`<tr data-row="${esc(key)}"><th scope="row">${esc(label)}</th>${cols.map((c) => `<td${numeric ? ' class="num"' : ''}>${cell(c)}</td>`).join('')}</tr>`);

    if (cols.some((c) => c.hv.profile)) row('profile', m.rowProfile(), (c) => (c.hv.profile ? esc(m.asProfile(c.hv.profile.title)) : '—'), false);
    row('kind', m.rowType(), (c) => esc(kindLabel(c.hv.kind)), false);
    row('technique', m.rowTechnique(), (c) => esc(techniqueLabel(c.hv.technique)), false);
    row('preset', m.rowCostPreset(), (c) => `<code>${esc(c.hv.costPreset)}</code>`, false);
    row('hardware', m.rowHardware(), (c) => `${esc(c.hv.hardware)}, ${esc(m.rowPcpus(c.hv.usablePcpus, c.hv.pcpus, formatHz(c.hv.clockHz)))}`, false);
    row('vms', m.rowVms(), (c) => `${c.vms.length}`);
    row('status', m.rowStatus(), (c) => esc(statusSummary(c.vms)) || '—', false);
    row('shape', m.rowShape(), (c) => renderLayerBar(c.hv.cycles, layerTotal(c.hv.cycles), m.shapeLabel(c.hv.name)), false);
    row('total', m.rowTotal(), (c) => `${formatInt(c.total)}<br><span class="muted">${esc(m.cpuTime(formatDuration(c.total, c.hv.clockHz)))}</span>`);
    row('relative', m.rowRelative(), (c) => (c.total > 0 && Number.isFinite(fastest) ? formatRatio(c.total / fastest) : '—'));
    for (const layer of LAYERS) {
        row(`layer-${layer}`, layerLabel(layer), (c) => `${formatInt(c.hv.cycles[layer] ?? 0)} <span class="muted">(${formatPercent(c.hv.cycles[layer] ?? 0, c.total)})</span>`);
    }
    row('overhead', m.rowOverhead(), (c) => formatPercent((c.hv.cycles.hypervisor ?? 0) + (c.hv.cycles.host ?? 0), c.total));
    row('instructions', m.rowInstructions(), (c) => formatInt(c.instructions));
    row('cpi', m.rowCpi(), (c) => (c.instructions > 0 ? (c.total / c.instructions).toFixed(1) : '—'));
    row('exits', m.rowExits(), (c) => formatInt(Object.values(c.exits).reduce((a, b) => a + b, 0)));
    const reasons = [...new Set(cols.flatMap((c) => Object.keys(c.exits)))].sort();
    for (const reason of reasons) row(`exit-${reason}`, m.rowExit(reason), (c) => formatInt(c.exits[reason] ?? 0));
    row('hypercalls', m.rowHypercalls(), (c) => formatInt(Object.values(c.hypercalls).reduce((a, b) => a + b, 0)));
    const names = [...new Set(cols.flatMap((c) => Object.keys(c.hypercalls)))].sort();
    for (const name of names) row(`hypercall-${name}`, m.rowHypercall(name), (c) => formatInt(c.hypercalls[name] ?? 0));
    row('fidelity', m.rowFidelity(), (c) => formatInt(c.vms.reduce((n, vm) => n + (vm.fidelityViolations ?? 0), 0)));
    row('swapped', m.rowSwapped(), (c) => formatInt(c.vms.reduce((n, vm) => n + (vm.memory?.swappedPages ?? 0), 0)));
    row('host-failed', m.rowHostFailed(), (c) => (c.hv.hostFailedAt !== undefined ? esc(m.atCycle(formatInt(c.hv.hostFailedAt))) : '—'));

    return (
        '<div class="scroll"><table class="wide comparison" data-table="comparison"><thead><tr><th scope="col"></th>' +
        cols.map((c) => `<th scope="col" data-hypervisor-col="${esc(c.hv.name)}">${esc(c.hv.name)}</th>`).join('') +
        `</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
    );
}

function statusSummary(vms: VmResult[]): string {
    const counts = new Map<string, number>();
    for (const vm of vms) counts.set(vm.status, (counts.get(vm.status) ?? 0) + 1);
    return [...counts].map(([status, n]) => m.statusCount(n, statusLabel(status))).join(', ');
}
