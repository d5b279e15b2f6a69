// One card per VM: status and stop reason, counts, memory virtualization, exits by reason, hypercalls by name, console.
import { MAX_CONSOLE_BYTES } from '../console-limit.js';
import type { VmResult } from '../result.js';
import { escapeConsole, escapeHtml as esc, markup } from './escape.js';
import { formatBytes, formatInt } from './format.js';
import { ioTable } from './io-table.js';
import { memorySection } from './memory-section.js';
import { hostLabel, statusLabel } from './labels.js';
import { reportMessages as m } from './messages.js';
import { localizedStop } from '../stop-reason.js';

/** The page shows this much of each console (a run keeps up to MAX_CONSOLE_BYTES: `vmdef run` prints it). */
export const CONSOLE_LIMIT = 64 * 1024;

export function renderVmCard(vm: VmResult, index: number, colour: string): string {
    const status = String(vm.status);
    const facts: [string, string][] = [
        [m.factHypervisor(), esc(hostLabel(vm))],
        [m.factStatus(), `<span class="badge status-${esc(status)}" data-status="${esc(status)}">${esc(statusLabel(status))}</span>`],
    ];
    if (vm.stop) {
        const at = vm.stop.at ? ` <span class="muted">${esc(m.stoppedAt(`${vm.stop.at.file}:${vm.stop.at.line}:${vm.stop.at.column}`))}</span>` : '';
        facts.push([m.factStopped(), `<span class="stop" data-stop-reason>${esc(localizedStop(vm.stop))}</span>${at}`]);
    }
    facts.push([m.factInstructions(), `<span class="num">${formatInt(vm.instructions)}</span>`]);
    facts.push([m.factCycles(), `<span class="num">${formatInt(vm.cycles.total)}</span>`]);
    const fidelity = vm.fidelityViolations ?? 0;
    facts.push([
        m.factFidelity(),
        `<span class="num${fidelity > 0 ? ' warn' : ''}" data-fidelity="${fidelity}">${formatInt(fidelity)}</span>` +
            (fidelity > 0 ? ` <span class="muted">${esc(m.fidelityNote())}</span>` : ''),
    ]);
    if (vm.memory) {
        facts.push([m.factMemory(), markup(m.memory, esc(formatBytes(vm.memory.declaredBytes)), `<span class="num">${formatInt(vm.memory.touchedPages)}</span>`)]);
        facts.push([
            m.factSwapped(),
            `<span class="num${vm.memory.swappedPages > 0 ? ' warn' : ''}" data-swapped="${vm.memory.swappedPages}">${formatInt(vm.memory.swappedPages)}</span>`,
        ]);
    }
    const irq = vm.interrupts;
    if (irq && irq.raised + irq.lost > 0) {
        const num = (n: number, attr: string, warn = false) => `<span class="num${warn ? ' warn' : ''}" data-${attr}="${n}">${formatInt(n)}</span>`;
        facts.push([
            m.factInterrupts(),
            m.interrupts(num(irq.raised, 'raised'), num(irq.delivered, 'delivered'), num(irq.lost, 'lost', irq.lost > 0), num(irq.maxDelay, 'max-delay')) +
                (irq.lost > 0 ? ` <span class="muted">${esc(m.lostNote())}</span>` : ''),
        ]);
    }
    return (
        `<article class="card" id="vm-${index}" data-vm-card="${esc(vm.name)}">` +
        `<h3><span class="${colour}"><span class="swatch"></span></span>${esc(vm.name)}</h3>` +
        `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
        memorySection(vm) +
        countTable(m.exitsByReason(), m.columnReason(), 'exit', vm.exits) +
        countTable(m.hypercallsByName(), m.columnHypercall(), 'hypercall', vm.hypercalls) +
        (vm.faults && Object.keys(vm.faults).length > 0 ? countTable(m.faultsByVector(), m.columnVector(), 'fault', vm.faults) : '') +
        ioTable(vm.io) +
        consoleBlock(vm.console ?? '', vm.consoleDropped ?? 0) +
        '</article>'
    );
}

function countTable(caption: string, column: string, kind: 'exit' | 'hypercall' | 'fault', counts: Record<string, number> | undefined): string {
    const rows = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (rows.length === 0) return `<h4 class="muted">${esc(m.none(caption))}</h4>`;
    const total = rows.reduce((n, [, c]) => n + c, 0);
    return (
        `<table data-table="${kind}s"><caption class="muted">${esc(caption)}</caption>` +
        `<thead><tr><th>${esc(column)}</th><th class="num">${esc(m.columnCount())}</th></tr></thead><tbody>` +
        rows.map(([name, count]) => `<tr data-${kind}="${esc(name)}"><td><code>${esc(name)}</code></td><td class="num">${formatInt(count)}</td></tr>`).join('') +
        `</tbody><tfoot><tr><th>${esc(m.columnTotal())}</th><td class="num">${formatInt(total)}</td></tr></tfoot></table>`
    );
}

function consoleBlock(text: string, dropped: number): string {
    const before = dropped > 0 ? `<p class="note" data-console-dropped="${dropped}">${esc(m.consoleDropped(formatInt(dropped), formatBytes(MAX_CONSOLE_BYTES)))}</p>` : '';
    if (text.length === 0) return `<h4 class="muted">${esc(m.consoleEmpty())}</h4>${before}`;
    const shown = text.length > CONSOLE_LIMIT ? text.slice(0, CONSOLE_LIMIT) : text;
    const cut = text.length > CONSOLE_LIMIT ? `<p class="note">${markup(m.consoleCut, formatInt(text.length - CONSOLE_LIMIT), '<code>vmdef run</code>')}</p>` : '';
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    return `<h4>${esc(m.console())} <span class="muted">${esc(m.consoleLines(formatInt(lines)))}</span></h4>${before}<pre class="console" data-console>${escapeConsole(shown)}</pre>${cut}`;
}
