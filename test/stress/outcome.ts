// What a clean outcome is, for every front end: no stack trace, no internal error, no crash,
// within a bounded time and a bounded heap (each process runs with a 1 GiB heap limit, so
// unbounded growth ends in an abort the tests see).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StressInput } from './inputs.js';

export const HEAP_LIMIT_MB = 1024;
export const NODE_LIMITS = `--max-old-space-size=${HEAP_LIMIT_MB} --stack-size=984`;
/** Wall time any single input may take through one front end. */
export const TIME_LIMIT_MS = 60_000;
/** Cycle budget of runs: enough to reach every flood and recursion, small enough for the suite. */
export const MAX_CYCLES = 3_000_000;

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** Problems in a text a user sees: a JavaScript stack, a V8 abort, text from JavaScript's own objects. */
export function uncleanText(text: string, input: StressInput): string[] {
    const found: string[] = [];
    if (STACK_FRAME.test(text)) found.push('a stack trace');
    if (/Maximum call stack|Invalid string length|heap out of memory|FATAL ERROR/.test(text)) found.push(text.match(/Maximum call stack|Invalid string length|heap out of memory|FATAL ERROR/)![0]);
    for (const pattern of input.never ?? []) if (pattern.test(text)) found.push(`text matching ${pattern}`);
    return found;
}

/** Writes every input as its own `.vmdef` file in a fresh folder per input (one workspace each). */
export function writeInputs(inputs: StressInput[]): { dir: string; files: Map<string, string> } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-stress-'));
    const files = new Map<string, string>();
    for (const input of inputs) {
        const folder = path.join(dir, input.name);
        fs.mkdirSync(folder);
        const file = path.join(folder, `${input.name}.vmdef`);
        fs.writeFileSync(file, input.text);
        files.set(input.name, file);
    }
    return { dir, files };
}

/**
 * The suite's fixed time budget for one front end (`npm test` must stay under 10 minutes on two
 * cores). Inputs go in a rotating order — the starting input moves by one each day, so every
 * input leads in turn — and an input that would start after the budget is spent is *skipped*
 * (reported as skipped, never as passed). `VMDEF_STRESS=full` runs every input.
 */
export function stressBudget<T>(inputs: readonly T[], budgetMs: number): { inputs: T[]; begin(skip: () => void): void } {
    const full = process.env.VMDEF_STRESS === 'full';
    const start = inputs.length === 0 ? 0 : Math.floor(Date.now() / 86_400_000) % inputs.length;
    const ordered = [...inputs.slice(start), ...inputs.slice(0, start)];
    let startedAt: number | undefined;
    return {
        inputs: ordered,
        begin(skip) {
            startedAt ??= Date.now();
            if (!full && Date.now() - startedAt > budgetMs) skip();
        },
    };
}
