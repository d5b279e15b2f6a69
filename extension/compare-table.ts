// The side-by-side view of "vmdef: Compare with Native" as text: per technique, either "no
// divergence" or the two guest states right after the diverging instruction in two columns —
// native | virtualized — registers, flags, the memory word that differs, the console's last
// characters (JSON-quoted) and the run's status, the rows that differ marked. Pure (no `vscode`): the
// translation function is passed in, so the layout is tested without an editor.
import { shownValue } from '../cli/compare/shown-value.js';
import type { CompareReport, CompareRun, Divergence } from '../simulator/compare/report.js';

export type Translate = (message: string, ...args: (string | number)[]) => string;

/** `where(file, line)`: how the view names a place (relative to the workspace, say). */
export function compareTable(report: CompareReport, where: (file: string, line: number) => string, t: Translate): string {
    const n = report.native;
    const status = n.status === 'running' ? t('still running') : n.status;
    const lines = [
        t('vmdef compare: VM {0}', report.vm),
        t('natively on {0}: {1} after {2} guest instruction(s), {3} cycles', n.hardware, status, n.instructions, n.cycles),
    ];
    for (const run of report.runs) lines.push('', ...techniqueSection(run, where, t));
    return lines.join('\n') + '\n';
}

function techniqueSection(run: CompareRun, where: (file: string, line: number) => string, t: Translate): string[] {
    const at = run.at;
    if (!at) return [t('{0}: no divergence from native ({1} cycles, {2}% over native)', run.technique, run.cycles, run.overhead)];
    const head = t('{0}: diverges from native after `{1}` at {2}', run.technique, at.instruction, where(at.file, at.line));
    const rows: [string, string, string][] = [['', t('native'), t('virtualized ({0})', run.technique)], ...stateRows(at)];
    const width = [0, 1].map((c) => Math.max(...rows.map((r) => r[c].length)) + 2);
    const table = rows.map(([name, native, virtual], i) => {
        const mark = i > 0 && native !== virtual ? '≠ ' : '  ';
        return `${mark}${name.padEnd(width[0])}${native.padEnd(width[1])}${virtual}`.trimEnd();
    });
    return [head, ...table];
}

/** The rows of the two states; the difference itself (`what`) always among them. */
function stateRows(at: Divergence): [string, string, string][] {
    const rows: [string, string, string][] = [];
    const states = at.states;
    if (states) {
        for (const name of Object.keys(states.native.values)) rows.push([name, shown(states.native.values[name]), shown(states.virtual.values[name])]);
    }
    const known = rows.find((r) => r[0] === at.what);
    if (known) [known[1], known[2]] = [shown(at.native), shown(at.virtual)];
    else rows.push([at.what, shown(at.native), shown(at.virtual)]);
    if (states && at.what !== 'console') rows.push(['console', states.native.console, states.virtual.console]);
    if (states && at.what !== 'status') rows.push(['status', states.native.status, states.virtual.status]);
    return rows;
}


function shown(value: number | string | undefined): string {
    return value === undefined ? '—' : shownValue(value);
}
