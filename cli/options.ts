// Command-line options shared by the subcommands: `--name value` or `--name=value`, flags,
// and the simulation options `run` and `report` both take.
import type { SimulationOptions } from '../simulator/engine.js';
import { InputError } from './inputs.js';
import { cliMessages as m } from './messages.js';

/** A value option's parser: turns the text into a value or throws an InputError. */
export type ValueParser<T> = (text: string, option: string) => T;

export type OptionSpec = Record<string, 'flag' | ValueParser<unknown>>;

export interface ParsedArgs {
    files: string[];
    /** By option name without dashes (`max-cycles`); flags are `true`. */
    values: Map<string, unknown>;
}

/** Reads `args` against `spec` (keys are option names with their dashes: `--json`, `-o`). */
export function parseArgs(args: string[], spec: OptionSpec, command: string): ParsedArgs {
    const parsed: ParsedArgs = { files: [], values: new Map() };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith('-') || arg === '-') {
            parsed.files.push(arg);
            continue;
        }
        const eq = arg.indexOf('=');
        const name = eq > 0 ? arg.slice(0, eq) : arg;
        const kind = spec[name];
        if (!kind) throw new InputError(m.unknownOption(name));
        const key = name.replace(/^-+/, '');
        if (kind === 'flag') {
            if (eq > 0) throw new InputError(m.takesNoValue(name));
            parsed.values.set(key, true);
            continue;
        }
        const text = eq > 0 ? arg.slice(eq + 1) : args[++i];
        if (text === undefined || text === '') throw new InputError(m.needsValue(name));
        parsed.values.set(key, kind(text, name));
    }
    if (parsed.files.length === 0) throw new InputError(m.needsFile(command));
    return parsed;
}

export const positiveInteger: ValueParser<number> = (text, option) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n <= 0) throw new InputError(m.needsPositive(option, text));
    return n;
};

export function oneOf<T extends string>(...choices: T[]): ValueParser<T> {
    return (text, option) => {
        if (!(choices as string[]).includes(text)) throw new InputError(m.notOneOf(option, listed(choices), text));
        return text as T;
    };
}

/** `a or b`, `a, b or c` (in Korean `a, b, c`). */
export function listed(choices: string[]): string {
    return choices.length < 2 ? choices.join('') : m.orList(choices.slice(0, -1).join(', '), choices[choices.length - 1]);
}

/** What `run` and `report` accept about the simulation itself. */
export const SIMULATION_OPTIONS: OptionSpec = {
    '--max-cycles': positiveInteger,
    '--cost-preset': (text) => text,
    '--engine': oneOf('fast', 'exact'),
};

/**
 * The engine options from parsed arguments. `fast` (guest blocks compiled to JavaScript) is the
 * default; `exact` is the reference interpreter: both give the same results.
 */
export function simulationOptions(parsed: ParsedArgs): SimulationOptions {
    return {
        maxCycles: parsed.values.get('max-cycles') as number | undefined,
        costPreset: parsed.values.get('cost-preset') as string | undefined,
        engine: parsed.values.get('engine') === 'exact' ? 'exact' : 'fast',
    };
}
