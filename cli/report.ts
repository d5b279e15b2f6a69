// `vmdef report FILE... -o report.html [--max-cycles N] [--theme auto|light|dark]`: checks the
// files as one workspace, simulates them and writes the report page (simulator/report/) as one
// self-contained HTML file. A definition with errors is not run: its diagnostics are printed
// and the exit code is 1, as for `vmdef run`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace, diagnosticsOf } from '../language/workspace.js';
import { Simulation } from '../simulator/engine.js';
import { renderReport } from '../simulator/report/page.js';
import { formatText, toFileDiagnostic, type FileDiagnostic } from './check.js';
import { InputError, readInputs } from './inputs.js';

export interface ReportArgs {
    files: string[];
    output: string;
    maxCycles?: number;
    theme: 'auto' | 'light' | 'dark';
}

export const DEFAULT_OUTPUT = 'report.html';

export function parseReportArgs(args: string[]): ReportArgs {
    const parsed: ReportArgs = { files: [], output: DEFAULT_OUTPUT, theme: 'auto' };
    // `--name value` or `--name=value`.
    const valueOf = (arg: string, i: number): [string | undefined, number] => (arg.includes('=') ? [arg.slice(arg.indexOf('=') + 1), i] : [args[i + 1], i + 1]);
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '-o' || arg === '--output' || arg.startsWith('--output=')) {
            const [value, next] = valueOf(arg, i);
            if (!value) throw new InputError(`${arg.split('=')[0]} needs a file name`);
            parsed.output = value;
            i = next;
        } else if (arg === '--max-cycles' || arg.startsWith('--max-cycles=')) {
            const [text, next] = valueOf(arg, i);
            const n = Number(text);
            if (!text || !Number.isSafeInteger(n) || n <= 0) throw new InputError(`--max-cycles needs a positive whole number, not '${text ?? ''}'`);
            parsed.maxCycles = n;
            i = next;
        } else if (arg === '--theme' || arg.startsWith('--theme=')) {
            const [theme, next] = valueOf(arg, i);
            if (theme !== 'auto' && theme !== 'light' && theme !== 'dark') throw new InputError(`--theme is auto, light or dark, not '${theme ?? ''}'`);
            parsed.theme = theme;
            i = next;
        } else if (arg.startsWith('-')) throw new InputError(`unknown option ${arg}`);
        else parsed.files.push(arg);
    }
    if (parsed.files.length === 0) throw new InputError('report needs at least one FILE');
    return parsed;
}

export async function reportCommand(args: string[]): Promise<number> {
    const options = parseReportArgs(args);
    // Before the (possibly long) simulation: a report that cannot be written fails at once.
    checkOutputDirectory(options.output);
    const files = readInputs(options.files);
    const workspace = await checkWorkspace(files);
    // The user's files decide, as for `vmdef run` and Simulation.create.
    if (workspace.documents.some((d) => diagnosticsOf(d).some((x) => x.severity === 1))) {
        const diagnostics: FileDiagnostic[] = [];
        workspace.documents.forEach((doc, i) => {
            const list = diagnosticsOf(doc).map((d) => toFileDiagnostic(files[i].path, d));
            list.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
            diagnostics.push(...list);
        });
        for (const d of diagnostics) process.stdout.write(formatText(d) + '\n');
        return 1;
    }
    const result = Simulation.create(workspace, { maxCycles: options.maxCycles }).run();
    const html = renderReport(result, { files: files.map((f) => f.path), theme: options.theme, maxCycles: options.maxCycles });
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
