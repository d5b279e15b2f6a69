// What a run shows: the console (data-testid="console"), the per-VM summary as `vmdef run`
// writes it (data-testid="summary") and the report page in a sandboxed frame
// (data-testid="report": srcdoc, no scripts, no same origin).
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

export function showSummary(pre: HTMLElement, summary: string): void {
    pre.textContent = summary;
}

export function showReport(frame: HTMLIFrameElement, html: string): void {
    frame.srcdoc = html;
}
