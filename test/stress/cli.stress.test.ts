// Every stress input through `vmdef check`, `vmdef run` (both engines) and `vmdef report`, as
// separate processes with a 1 GiB heap and a time limit.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stressInputs } from './inputs.js';
import { MAX_CYCLES, NODE_LIMITS, stressBudget, TIME_LIMIT_MS, uncleanText, writeInputs } from './outcome.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'out/cli.js');
const budget = stressBudget(stressInputs(), 15_000);
const inputs = budget.inputs;
const { dir, files } = writeInputs(inputs);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function vmdef(args: string[]) {
    const started = Date.now();
    const r = spawnSync(process.execPath, [...NODE_LIMITS.split(' '), CLI, ...args], {
        cwd: ROOT, encoding: 'utf8', timeout: TIME_LIMIT_MS, maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, VMDEF_DEBUG: '' },
    });
    return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - started, error: r.error?.message };
}

type Outcome = ReturnType<typeof vmdef>;

/** Exit 0 (fine), 1 (errors or a guest that did not finish) or 2 (bad input): never 3, a signal or a timeout. */
function expectClean(what: string, r: Outcome, input: (typeof inputs)[number]): void {
    const problems = uncleanText(r.stdout + r.stderr, input);
    if (r.error) problems.push(r.error);
    if (r.signal) problems.push(`killed by ${r.signal} after ${r.ms} ms`);
    if (r.status === null || r.status > 2) problems.push(`exit ${r.status}`);
    // Output is bounded too: a flood keeps its last part, it does not stream forever.
    if (r.stdout.length > 32 * 1024 * 1024) problems.push(`${(r.stdout.length / 1048576).toFixed(0)} MB on stdout`);
    expect(problems, `${what}: ${r.stderr.slice(0, 500)}`).toEqual([]);
}

describe('stress: the command line', () => {
    for (const input of inputs) {
        it(`${input.name}: check, run (fast, exact) and report end cleanly`, (ctx) => {
            budget.begin(() => ctx.skip());
            const file = files.get(input.name)!;
            const check = vmdef(['check', '--format', 'json', file]);
            expectClean('check', check, input);
            if (input.errors) {
                expect(check.status, check.stderr).toBe(1);
                const found = (JSON.parse(check.stdout) as { severity: string; code: string }[]).filter((d) => d.severity === 'error').map((d) => d.code);
                if (Array.isArray(input.errors)) for (const code of input.errors) expect(found).toContain(code);
            } else {
                expect(check.status, check.stdout.slice(0, 2000)).toBe(0);
            }
            for (const engine of ['fast', 'exact']) {
                const run = vmdef(['run', '--json', '--engine', engine, '--max-cycles', String(MAX_CYCLES), file]);
                expectClean(`run --engine ${engine}`, run, input);
                if (input.errors) expect(run.status).toBe(1);
                else if (input.status) {
                    const vms = (JSON.parse(run.stdout) as { vms: { name: string; status: string }[] }).vms;
                    expect(vms.map((vm) => vm.status), engine).toEqual(vms.map(() => input.status));
                }
            }
            const html = path.join(dir, `${input.name}.html`);
            expectClean('report', vmdef(['report', '--max-cycles', String(MAX_CYCLES), file, '-o', html]), input);
            if (fs.existsSync(html)) {
                const page = fs.readFileSync(html, 'utf8');
                expect(page.length).toBeLessThan(64 * 1024 * 1024);
                expect(uncleanText(page, input)).toEqual([]);
            }
        }, 5 * TIME_LIMIT_MS);
    }
});
