// A VM card's memory section (LANGUAGE.md §11, §14), for a VM whose kernel turned paging on: how
// its hypervisor virtualizes the page tables, the TLB's hit rate, the walks' references, faults
// by kind (the guest's own, hidden ones, EPT violations, page-table writes), shadows built,
// accesses refused — and a bar of where the VM's cycles went: the hypervisor's work for its
// paging, the page walks, the rest. Where shadow and nested paging part ways is visible here.
import type { MemoryResult, VmResult } from '../result.js';
import { escapeHtml as esc } from './escape.js';
import { formatInt, formatPercent } from './format.js';
import { reportMessages as m } from './messages.js';

const BAR_WIDTH = 1000;

/** Whether the VM paged at all: a TLB that saw an access, or a hypervisor that did paging work (results written before paging: no). */
function paged(mem: MemoryResult): boolean {
    return (mem.tlbHits ?? 0) + (mem.tlbMisses ?? 0) + (mem.pteWrites ?? 0) + (mem.eptViolations ?? 0) + (mem.refused ?? 0) > 0;
}

/** The section, or nothing for a VM that never turned paging on. */
export function memorySection(vm: VmResult): string {
    const mem = vm.memory;
    if (!mem || !paged(mem)) return '';
    const accesses = mem.tlbHits + mem.tlbMisses;
    const num = (n: number, attr: string, warn = false) => `<span class="num${warn ? ' warn' : ''}" data-${attr}="${n}">${formatInt(n)}</span>`;
    const facts: [string, string][] = [
        [m.memPaging(), `<code data-paging="${esc(mem.paging)}">${esc(mem.paging)}</code>`],
        [m.memTlb(), `<span class="num" data-tlb-hit-rate="${accesses > 0 ? (mem.tlbHits / accesses).toFixed(4) : 0}">${esc(formatPercent(mem.tlbHits, accesses))}</span> ` +
            `<span class="muted">${esc(m.memTlbOf(formatInt(mem.tlbHits), formatInt(accesses)))}</span>`],
        [m.memWalks(), `${num(mem.walkRefs, 'walk-refs')} <span class="muted">${esc(m.memWalkCycles(formatInt(mem.walkCycles ?? 0)))}</span>`],
    ];
    if (mem.paging === 'shadow') facts.push([m.memShadowsBuilt(), num(mem.shadowsBuilt, 'shadows-built')]);
    facts.push([m.memRefused(), num(mem.refused, 'refused', mem.refused > 0)]);
    return (
        `<section class="memory" data-memory="${esc(vm.name)}"><h4>${esc(m.memTitle())}</h4>` +
        `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
        faultTable(mem) +
        cyclesBar(vm) +
        '</section>'
    );
}

function faultTable(mem: MemoryResult): string {
    const rows: [string, string, number][] = [
        ['guest', m.memGuestFaults(), mem.guestPageFaults],
        ['hidden', m.memHiddenFaults(), mem.hiddenPageFaults],
        ['ept', m.memEptViolations(), mem.eptViolations],
        ['pte', m.memPteWrites(), mem.pteWrites],
    ];
    return (
        `<table data-table="memory-faults"><caption class="muted">${esc(m.memFaultsByKind())}</caption>` +
        `<thead><tr><th>${esc(m.memColumnKind())}</th><th class="num">${esc(m.columnCount())}</th></tr></thead><tbody>` +
        rows.map(([kind, label, count]) => `<tr data-memory-fault="${kind}"><td>${esc(label)}</td><td class="num">${formatInt(count)}</td></tr>`).join('') +
        '</tbody></table>'
    );
}

/** The VM's cycles: the hypervisor's paging work, the walks, and the rest (the bar's track). */
function cyclesBar(vm: VmResult): string {
    const total = vm.cycles.total;
    if (!(total > 0)) return '';
    const parts: [string, string, number][] = [
        ['paging', m.memBarPaging(), vm.memory.pagingCycles ?? 0],
        ['walks', m.memBarWalks(), vm.memory.walkCycles ?? 0],
    ];
    const rest = Math.max(0, total - parts.reduce((n, [, , c]) => n + c, 0));
    let x = 0;
    const segments = parts.filter(([, , c]) => c > 0).map(([kind, label, cycles]) => {
        const w = (cycles / total) * BAR_WIDTH;
        const rect = `<rect class="seg mem-${kind}" data-memory-cycles="${kind}" data-cycles="${cycles}" x="${x.toFixed(2)}" y="0" width="${Math.max(w, 0.5).toFixed(2)}" height="16">` +
            `<title>${esc(m.segmentTitle(label, formatInt(cycles), formatPercent(cycles, total)))}</title></rect>`;
        x += w;
        return rect;
    });
    const legend = [...parts, ['rest', m.memBarRest(), rest] as [string, string, number]]
        .map(([kind, label, cycles]) => `<span class="mem-${kind}"><span class="swatch"></span>${esc(label)} <span class="num muted">${esc(formatPercent(cycles, total))}</span></span>`)
        .join('');
    return (
        `<h4 class="muted">${esc(m.memBarTitle())}</h4>` +
        `<svg class="bar" viewBox="0 0 ${BAR_WIDTH} 16" preserveAspectRatio="none" role="img" aria-label="${esc(m.memBarTitle())}" xmlns="http://www.w3.org/2000/svg">` +
        `<rect class="bar-track" x="0" y="0" width="${BAR_WIDTH}" height="16"/>${segments.join('')}</svg>` +
        `<div class="legend">${legend}</div>`
    );
}
