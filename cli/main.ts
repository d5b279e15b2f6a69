#!/usr/bin/env node
// The `vmdef` command line: check, run, report (LANGUAGE.md §8).
import { checkFiles, formatText } from './check.js';
import { InputError, readInputs } from './inputs.js';

const USAGE = `usage: vmdef check [--format text|json] FILE...
       vmdef run [--json] [--trace] [--max-cycles N] FILE...
       vmdef report FILE... -o report.html`;

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
    let format = 'text';
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--format') format = args[++i] ?? '';
        else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
        else if (arg === '--json') format = 'json';
        else if (arg.startsWith('-')) return usage(`unknown option ${arg}`);
        else files.push(arg);
    }
    if (format !== 'text' && format !== 'json') return usage(`unknown format '${format}' (text or json)`);
    if (files.length === 0) return usage('check needs at least one FILE');
    const diagnostics = await checkFiles(readInputs(files));
    if (format === 'json') process.stdout.write(JSON.stringify(diagnostics, null, 2) + '\n');
    else for (const d of diagnostics) process.stdout.write(formatText(d) + '\n');
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
        // An internal error is still one line for the user; VMDEF_DEBUG shows the stack.
        process.stderr.write(`vmdef: internal error: ${(e as Error).message ?? e}\n`);
        if (process.env.VMDEF_DEBUG) process.stderr.write(String((e as Error).stack) + '\n');
        return 3;
    }
}
addCommand('run', (args) => import('./run.js').then((m) => m.runCommand(args)));
addCommand('report', (args) => import('./report.js').then((m) => m.reportCommand(args)));
