// The human form of a comparison: the native run, then per technique either "no divergence"
// with its overhead, or where it diverged and the two values.
import * as path from 'node:path';
import type { CompareReport } from '../../simulator/compare/index.js';
import { compareMessages as m } from './messages.js';
import { shownValue } from './shown-value.js';

/** `cwd`: files below it are shown relative to it, as the user named them. */
export function formatComparison(report: CompareReport, cwd: string): string {
    const n = report.native;
    const status = n.status === 'running' ? m.statusRunning() : n.status;
    const lines = [m.nativeLine(report.vm, n.hardware, status, n.instructions, n.cycles)];
    for (const run of report.runs) {
        const at = run.at;
        if (!at) {
            lines.push(m.faithful(run.technique, run.cycles, `${run.overhead}%`));
            continue;
        }
        lines.push(m.diverges(run.technique, `${shownPath(at.file, cwd)}:${at.line}`, at.instruction));
        const value = at.what.startsWith('interrupt ') ? interruptTaken : shownValue;
        lines.push(m.values(at.what, value(at.native), value(at.virtual)));
    }
    return lines.join('\n') + '\n';
}

/** Where an interrupt was taken, in words: the JSON says `instruction N` or `never` (simulator/compare/interrupt-input.ts). */
function interruptTaken(value: number | string): string {
    const n = /^instruction (\d+)$/.exec(String(value));
    return n ? m.atInstruction(n[1]) : value === 'never' ? m.never() : String(value);
}

function shownPath(file: string, cwd: string): string {
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
