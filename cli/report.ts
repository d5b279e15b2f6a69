// `vmdef report FILE... -o report.html [--theme auto|light|dark] [simulation options of run]`: checks the
// files as one workspace, simulates them and writes the report page (simulator/report/) as one
// self-contained HTML file. A definition with errors is not run: its diagnostics are printed
// and the exit code is 1, as for `vmdef run`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../language/workspace.js';
import { Simulation, type SimulationOptions } from '../simulator/engine.js';
import { renderReport } from '../simulator/report/page.js';
import { hasUserErrors, printDiagnostics, workspaceDiagnostics } from './check.js';
import { InputError, oneSystem, readInputs } from './inputs.js';
import { oneOf, parseArgs, SIMULATION_OPTIONS, simulationOptions, type ValueParser } from './options.js';

export interface ReportArgs {
    files: string[];
    output: string;
    theme: 'auto' | 'light' | 'dark';
    simulation: SimulationOptions;
}

export const DEFAULT_OUTPUT = 'report.html';

export function parseReportArgs(args: string[]): ReportArgs {
    const output: ValueParser<string> = (text) => text;
    const parsed = parseArgs(args, { '-o': output, '--output': output, '--theme': oneOf('auto', 'light', 'dark'), ...SIMULATION_OPTIONS }, 'report');
    return {
        files: parsed.files,
        output: (parsed.values.get('o') ?? parsed.values.get('output') ?? DEFAULT_OUTPUT) as string,
        theme: (parsed.values.get('theme') ?? 'auto') as ReportArgs['theme'],
        simulation: simulationOptions(parsed),
    };
}

export async function reportCommand(args: string[]): Promise<number> {
    const options = parseReportArgs(args);
    // Before the (possibly long) simulation: a report that cannot be written fails at once.
    checkOutputDirectory(options.output);
    const files = oneSystem(readInputs(options.files), 'report');
    const workspace = await checkWorkspace(files);
    if (hasUserErrors(workspace)) {
        printDiagnostics(workspaceDiagnostics(workspace, files), 'text');
        return 1;
    }
    const result = Simulation.create(workspace, options.simulation).run();
    const html = renderReport(result, { files: files.map((f) => f.path), theme: options.theme, maxCycles: options.simulation.maxCycles });
    writeReport(options.output, html);
    process.stdout.write(`${options.output}\n`);
    return 0;
}

function checkOutputDirectory(output: string): void {
    const dir = path.dirname(path.resolve(output));
    if (!fs.existsSync(dir)) throw new InputError(`${output}: directory ${path.dirname(output)} does not exist`);
}

/** Writes the page; an unwritable path is a one-line input error, not a stack trace. */
function writeReport(output: string, html: string): void {
    try {
        fs.writeFileSync(output, html);
    } catch (e) {
        throw new InputError(`${output}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
}
