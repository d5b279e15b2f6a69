// `vmdef report FILE... [-o FILE.html] [--theme auto|light|dark] [simulation options of run]`:
// checks the files as one workspace, simulates them and writes the report page
// (simulator/report/) as one self-contained HTML file — by default next to the first input,
// named after it (`hello.vmdef` → `hello.html`), never over an input. A definition with errors
// is not run: its diagnostics are printed and the exit code is 1, as for `vmdef run`.
import * as path from 'node:path';
import { SOURCE_EXTENSION } from '../io/source-files.js';
import type { SourceFile } from '../language/workspace.js';
import { Simulation, type SimulationOptions } from '../simulator/engine.js';
import { currentLocale } from '../l10n/locale.js';
import { renderReport } from '../simulator/report/page.js';
import { EXIT_ERRORS, EXIT_OK } from './exit-codes.js';
import { runnableInputs } from './inputs.js';
import { oneOf, parseArgs, SIMULATION_OPTIONS, simulationOptions, type ValueParser } from './options.js';
import { checkOutput, writeAtomically } from './output-file.js';

export interface ReportArgs {
    files: string[];
    /** Undefined: next to the first input (defaultOutput). */
    output?: string;
    theme: 'auto' | 'light' | 'dark';
    simulation: SimulationOptions;
}

export function parseReportArgs(args: string[]): ReportArgs {
    const output: ValueParser<string> = (text) => text;
    const parsed = parseArgs(args, { '-o': output, '--output': output, '--theme': oneOf('auto', 'light', 'dark'), ...SIMULATION_OPTIONS }, 'report');
    return {
        files: parsed.files,
        output: (parsed.values.get('o') ?? parsed.values.get('output')) as string | undefined,
        theme: (parsed.values.get('theme') ?? 'auto') as ReportArgs['theme'],
        simulation: simulationOptions(parsed),
    };
}

/** `dir/hello.vmdef` → `dir/hello.html`: the report of a definition sits beside it. */
export function defaultOutput(first: SourceFile): string {
    return path.join(path.dirname(first.path), path.basename(first.path, SOURCE_EXTENSION) + '.html');
}

export async function reportCommand(args: string[]): Promise<number> {
    const options = parseReportArgs(args);
    const inputs = await runnableInputs(options.files, 'text', 'report');
    if (!inputs) return EXIT_ERRORS;
    const output = options.output ?? defaultOutput(inputs.files[0]);
    // before the (possibly long) simulation: a report that cannot be written fails at once
    checkOutput(output, inputs.files);
    const result = Simulation.create(inputs.workspace, options.simulation).run();
    const html = renderReport(result, {
        files: inputs.files.map((f) => f.path),
        theme: options.theme,
        maxCycles: options.simulation.maxCycles,
        // --lang, else the environment's (cli/language-option.ts)
        locale: currentLocale(),
    });
    writeAtomically(output, html);
    process.stdout.write(`${output}\n`);
    return EXIT_OK;
}
