// `vmdef run` and `vmdef report` on texts already in memory, for hosts with no process to spawn
// and no disk to read: the playground's worker (web/worker/run.ts) and the extension in VS Code
// for the Web (extension/web/run-inline.ts). The same glue as the CLI: the texts checked as one
// definition (checkDefinition), simulated to the end in chunks (yielding between them so the
// host keeps answering), the consoles demultiplexed and the summary written as `vmdef run`
// prints them, and the page `vmdef report` writes.
import { checkDefinition } from '../language/check-definition.js';
import { formatDiagnostic } from '../language/file-diagnostics.js';
import type { CheckedWorkspace, SourceFile } from '../language/workspace.js';
import { currentLocale } from '../l10n/locale.js';
import { MAX_CONSOLE_TEXT } from '../simulator/console-limit.js';
import { Simulation, SimulationError } from '../simulator/engine.js';
import { renderReport } from '../simulator/report/page.js';
import { ConsoleStream } from './console-stream.js';
import { cliMessages as m } from './messages.js';
import { formatSummary } from './run.js';

/** Steps per chunk: about 10–50 ms of simulation between two looks at the host's queue. */
const CHUNK_STEPS = 2_000_000;

export interface InMemoryRunOptions {
    maxCycles?: number;
    /** The cost preset of hypervisors that name none (`vmdef.costPreset`). */
    costPreset?: string;
    /** How the files are named in refusals and the report's title (default: their paths). */
    names?: string[];
    /** Called between chunks; resolves when the host has had its turn. */
    yieldToHost: () => Promise<void>;
    /** Called with console text as it is written (the whole text is in the result too). */
    onConsole?: (text: string) => void;
    /** Checked between chunks: true stops the run (the result is not made then). */
    cancelled?: () => boolean;
}

export type InMemoryRun =
    /** `lines`: the errors, `file:line:column: …` as `vmdef run` prints them, or the simulator's refusal. */
    | { kind: 'refused'; lines: string[] }
    | { kind: 'cancelled'; console: string }
    /** `summary`: the per-VM table and notes `vmdef run` prints after the console (cli/run.ts formatSummary). */
    | { kind: 'done'; console: string; summary: string; reportHtml: string };

/** The texts checked as one definition, or its errors as `vmdef run` prints them (files named by `names`). */
export async function checkInMemory(files: SourceFile[], names = files.map((f) => f.path)): Promise<{ kind: 'refused'; lines: string[] } | { kind: 'checked'; workspace: CheckedWorkspace }> {
    const nameOf = (file: string) => names[files.findIndex((f) => f.path === file)] ?? file;
    const check = await checkDefinition(files);
    if (check.ok) return { kind: 'checked', workspace: check.workspace };
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    return { kind: 'refused', lines: errors.map((d) => formatDiagnostic({ ...d, file: nameOf(d.file) })) };
}

export async function runInMemory(files: SourceFile[], options: InMemoryRunOptions): Promise<InMemoryRun> {
    const names = options.names ?? files.map((f) => f.path);
    const check = await checkInMemory(files, names);
    if (check.kind === 'refused') return check;
    let sim: Simulation;
    try {
        sim = Simulation.create(check.workspace, { maxCycles: options.maxCycles, costPreset: options.costPreset });
    } catch (e) {
        if (e instanceof SimulationError) return { kind: 'refused', lines: [e.message] };
        throw e;
    }
    let text = '';
    // bounded per VM as `vmdef run` bounds it: a guest printing in a loop cannot flood the host
    const demux = new ConsoleStream(sim.model.vms.length > 1, (s) => {
        text += s;
        options.onConsole?.(s);
    }, (vm) => m.consoleStreamStopped(vm, MAX_CONSOLE_TEXT));
    sim.listener = { console: (vm, s) => demux.write(vm, s) };
    while (!sim.finished) {
        sim.runUntil({ maxSteps: CHUNK_STEPS, runAhead: true });
        await options.yieldToHost();
        if (options.cancelled?.()) {
            demux.flush();
            return { kind: 'cancelled', console: text };
        }
    }
    demux.flush();
    const result = sim.result();
    const reportHtml = renderReport(result, { files: names, maxCycles: options.maxCycles, locale: currentLocale() });
    return { kind: 'done', console: text, summary: formatSummary(result), reportHtml };
}
