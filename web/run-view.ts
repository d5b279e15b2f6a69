// What a run shows: the console (data-testid="console"), the per-VM summary table and the
// report page in a sandboxed frame (data-testid="report": srcdoc, no scripts, no same origin).
import type { VmResult } from '../simulator/result.js';
import { webMessages as m } from './messages.js';

export function showConsole(pre: HTMLElement, text: string, append = false): void {
    const before = append && pre.dataset.empty !== 'true' ? pre.textContent ?? '' : '';
    const all = before + text;
    pre.dataset.empty = all ? 'false' : 'true';
    pre.textContent = all || m.noOutput();
}

export function showLines(pre: HTMLElement, lines: string[]): void {
    pre.dataset.empty = 'false';
    pre.textContent = lines.join('\n');
}

function cell(tag: 'td' | 'th', text: string): HTMLElement {
    const c = document.createElement(tag);
    c.textContent = text;
    return c;
}

export function showSummary(table: HTMLTableElement, vms: VmResult[], elapsed: number): void {
    const head = [m.columnVm(), m.columnHypervisor(), m.columnStatus(), m.columnInstructions(), m.columnGuest(), m.columnKernel(),
        m.columnHypervisorCycles(), m.columnHost(), m.columnWaiting(), m.columnTotal(), m.columnExits()];
    const headRow = document.createElement('tr');
    headRow.append(...head.map((h) => cell('th', h)));
    const rows = vms.map((vm) => {
        const row = document.createElement('tr');
        const exits = Object.entries(vm.exits).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
        const c = vm.cycles;
        row.append(...[vm.name, vm.hypervisor, vm.status, vm.instructions, c.guest, c.kernel, c.hypervisor, c.host, c.waiting, c.total, exits].map((v) => cell('td', String(v))));
        return row;
    });
    const caption = document.createElement('caption');
    caption.textContent = m.elapsed(elapsed);
    table.replaceChildren(caption, headRow, ...rows);
}

export function clearSummary(table: HTMLTableElement): void {
    table.replaceChildren();
}

export function showReport(frame: HTMLIFrameElement, html: string): void {
    frame.srcdoc = html;
}
