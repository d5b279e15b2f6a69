// Launching: the checked workspace of `program` and `files`, built into a Simulation. The files
// are read through a SourceReader the caller injects (as vscode-mock-debug's runtime takes its
// file accessor): the debugger itself never touches the file system, and the adapter's reader
// (read-source.ts) applies the same input checks as the CLI.
import * as nodePath from 'node:path';
import { checkDefinition } from '../language/check-definition.js';
import { formatDiagnostic } from '../language/file-diagnostics.js';
import { Simulation, SimulationError } from '../simulator/engine.js';
import { debuggerMessages as m } from './messages.js';

/** Reads one source file; throws an Error whose message says, in one line naming the file, why it cannot. */
export type SourceReader = (file: string) => string;

export interface LaunchOptions {
    program: string;
    /**
     * More .vmdef files loaded with `program` as one workspace (a split workspace: the VM here,
     * its hypervisor there). Relative paths resolve like `program`'s.
     */
    files?: string[];
    maxCycles?: number;
    /** The cost preset of hypervisors that name none (`vmdef.costPreset`). */
    costPreset?: string;
    trace?: boolean;
}

export class LaunchError extends Error {
    constructor(message: string, readonly diagnostics: string[] = []) {
        super(message);
    }
}

/** Builds the checked workspace of `program` and `files`; errors become a LaunchError with `file:line:col` lines. */
export async function loadSimulation(options: LaunchOptions, read: SourceReader): Promise<Simulation> {
    const paths = launchFiles(options);
    const sources = paths.map((file, i) => ({ path: file, text: readSource(read, file, i > 0) }));
    const check = await checkDefinition(sources);
    if (!check.ok) {
        const names = paths.map((file) => nodePath.basename(file));
        const what = names.length <= 3 ? names.join(' + ') : m.moreFiles(names[0], names.length - 1);
        const errors = check.diagnostics.filter((d) => d.severity === 'error');
        throw new LaunchError(m.launchErrors(what, names.length, errors.length), errors.map(formatDiagnostic));
    }
    if (options.maxCycles !== undefined && !(Number.isSafeInteger(options.maxCycles) && options.maxCycles > 0)) {
        throw new LaunchError(m.maxCyclesPositive(JSON.stringify(options.maxCycles)));
    }
    // the fast engine where no breakpoint can stop (a continue without breakpoints, every replay
    // of time travel); it hands over to the exact interpreter itself while breakpoints are active
    try {
        return Simulation.create(check.workspace, { maxCycles: options.maxCycles, costPreset: options.costPreset, engine: 'fast' });
    } catch (e) {
        if (e instanceof SimulationError) throw new LaunchError(e.message);
        throw e;
    }
}

/** `program`, then each of `files` not already named, as absolute paths. */
export function launchFiles(options: LaunchOptions): string[] {
    const files: unknown = options.files ?? [];
    if (!Array.isArray(files) || files.some((f) => typeof f !== 'string' || f === '')) {
        throw new LaunchError(m.filesNotPaths(JSON.stringify(files)));
    }
    const paths = [nodePath.resolve(options.program)];
    for (const file of files as string[]) {
        const absolute = nodePath.resolve(file);
        if (!paths.includes(absolute)) paths.push(absolute);
    }
    // one folder is one system (language/systems.ts): a file of another folder would not link
    const elsewhere = paths.find((file) => nodePath.dirname(file) !== nodePath.dirname(paths[0]));
    if (elsewhere) {
        throw new LaunchError(`${elsewhere} named in 'files' is in another folder than 'program': each folder is a separate system, so the files must share the folder of ${nodePath.basename(paths[0])}`);
    }
    return paths;
}

function readSource(read: SourceReader, file: string, namedInFiles: boolean): string {
    try {
        return read(file);
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new LaunchError(namedInFiles ? m.inFiles(message) : message);
    }
}
