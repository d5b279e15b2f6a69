#!/usr/bin/env node
// The `vmdef` command line: check, run, report (LANGUAGE.md §8), test (§13).
import { SimulationError } from '../simulator/errors.js';
import { checkCommand } from './check.js';
import { EXIT_ERRORS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { helpText, usageText } from './help.js';
import { InputError } from './inputs.js';
import { applyLanguage } from './language-option.js';
import { cliMessages as m } from './messages.js';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
    check: checkCommand,
    // loaded on demand: `check` need not load the simulator
    run: (args) => import('./run.js').then((m) => m.runCommand(args)),
    report: (args) => import('./report.js').then((m) => m.reportCommand(args)),
    test: (args) => import('./test.js').then((m) => m.testCommand(args)),
    compare: (args) => import('./compare/command.js').then((m) => m.compareCommand(args)),
};

const HELP_FLAGS = ['--help', '-h'];

function usage(message?: string): number {
    if (message) process.stderr.write(`vmdef: ${message}\n`);
    process.stderr.write(usageText() + '\n');
    return EXIT_USAGE;
}

function help(command: string): number {
    process.stdout.write(helpText(command));
    return EXIT_OK;
}

/** Runs one command line; `env` gives the locale when `--lang` does not. */
export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
    let args: string[];
    try {
        args = applyLanguage(argv, env);
    } catch (e) {
        return e instanceof InputError ? usage(e.message) : failure(e);
    }
    const [name, ...rest] = args;
    if (!name) return usage();
    if (HELP_FLAGS.includes(name)) return help('');
    if (name === 'help') return rest[0] && Object.hasOwn(commands, rest[0]) ? help(rest[0]) : help('');
    if (name === '--version') {
        process.stdout.write('vmdef 0.1.0\n');
        return EXIT_OK;
    }
    if (!Object.hasOwn(commands, name)) return usage(m.unknownCommand(name));
    if (rest.some((arg) => HELP_FLAGS.includes(arg))) return help(name);
    try {
        return await commands[name](rest);
    } catch (e) {
        return failure(e);
    }
}

/** What a command threw, as one line and an exit code. */
export function failure(e: unknown): number {
    if (e instanceof InputError) {
        process.stderr.write(`vmdef: ${e.message}\n`);
        return EXIT_USAGE;
    }
    if (e instanceof SimulationError) {
        process.stderr.write(`vmdef: ${e.message}\n`);
        return EXIT_ERRORS;
    }
    // An internal error is still one line for the user; VMDEF_DEBUG shows the stack.
    process.stderr.write(`vmdef: ${m.internalError(String((e as Error)?.message ?? e))}\n`);
    if (process.env.VMDEF_DEBUG) process.stderr.write(String((e as Error)?.stack) + '\n');
    return EXIT_INTERNAL;
}
