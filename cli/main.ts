#!/usr/bin/env node
// The `vmdef` command line: check, run, report (LANGUAGE.md §8).
import { checkFiles, printDiagnostics } from './check.js';
import { oneOf, parseArgs } from './options.js';
import { InputError, readInputs } from './inputs.js';
import { SimulationError } from '../simulator/errors.js';

const USAGE = `usage: vmdef check [--format text|json] FILE...
       vmdef run [--json] [--trace] [--max-cycles N] [--cost-preset NAME] [--engine fast|exact] FILE...
       vmdef report [-o report.html] [--theme auto|light|dark] [--max-cycles N] [--cost-preset NAME] FILE...`;

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
    check: runCheck,
};

/** Registers a subcommand; kept open so `run` and `report` live in their own files. */
export function addCommand(name: string, command: Command): void {
    commands[name] = command;
}

async function runCheck(args: string[]): Promise<number> {
    const parsed = parseArgs(args, { '--format': oneOf('text', 'json'), '--json': 'flag' }, 'check');
    const format = parsed.values.has('json') ? 'json' : ((parsed.values.get('format') ?? 'text') as 'text' | 'json');
    const diagnostics = await checkFiles(readInputs(parsed.files));
    printDiagnostics(diagnostics, format);
    return diagnostics.some((d) => d.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
}

function usage(message?: string): number {
    if (message) process.stderr.write(`vmdef: ${message}\n`);
    process.stderr.write(USAGE + '\n');
    return EXIT_USAGE;
}

export async function main(argv: string[]): Promise<number> {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') return usage();
    if (name === '--version') {
        process.stdout.write('vmdef 0.1.0\n');
        return EXIT_OK;
    }
    const command = commands[name];
    if (!command) return usage(`unknown command '${name}'`);
    try {
        return await command(rest);
    } catch (e) {
        if (e instanceof InputError) {
            process.stderr.write(`vmdef: ${e.message}\n`);
            return EXIT_USAGE;
        }
        if (e instanceof SimulationError) {
            process.stderr.write(`vmdef: ${e.message}\n`);
            return EXIT_ERRORS;
        }
        // An internal error is still one line for the user; VMDEF_DEBUG shows the stack.
        process.stderr.write(`vmdef: internal error: ${(e as Error).message ?? e}\n`);
        if (process.env.VMDEF_DEBUG) process.stderr.write(String((e as Error).stack) + '\n');
        return 3;
    }
}
addCommand('run', (args) => import('./run.js').then((m) => m.runCommand(args)));
addCommand('report', (args) => import('./report.js').then((m) => m.reportCommand(args)));
