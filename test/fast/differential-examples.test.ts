// The fast engine against the exact interpreter on every example and fixture: run to the end,
// cut by small cycle limits, and driven in small step budgets (the debugger's and the CLI's
// calls) with the state compared after every call.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { both, drive, errorsOf, workspaceOf } from './compare.js';
import { sharedPartTwoExamples } from '../examples/annotations.js';

const root = path.resolve(__dirname, '../..');
/** Guest instructions past which an example is stepped in budgets of 100 only. */
const LONG_EXAMPLE = 300_000;

function vmdefFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return vmdefFiles(p);
        return e.name.endsWith('.vmdef') ? [p] : [];
    });
}

const files = [
    ...vmdefFiles(path.join(root, '..', 'shared', 'examples')),
    ...vmdefFiles(path.join(root, 'examples')),
    ...vmdefFiles(path.join(root, 'test', 'fixtures')),
    ...sharedPartTwoExamples(),
];

describe('fast engine = exact interpreter on the examples and fixtures', () => {
    it('finds the examples', () => {
        expect(files.filter((f) => f.includes(`${path.sep}examples${path.sep}`)).length).toBeGreaterThanOrEqual(5);
    });

    for (const file of files) {
        it(path.relative(path.join(root, '..'), file), async () => {
            const workspace = await workspaceOf([{ path: file, text: fs.readFileSync(file, 'utf8') }]);
            if (errorsOf(workspace).length > 0) return; // a file meant to show diagnostics: nothing to run
            const full = both(workspace, { trace: true });
            expect(full.exact.error).toBeUndefined();
            expect(full.fast).toEqual(full.exact);
            // run to the end (pCPUs run ahead) = lockstep (calls with a step budget do not)
            expect(drive(workspace, 'exact', { trace: true, stepBudget: 1_000_003, everyCall: false })).toEqual(full.exact);
            const cycles = (full.exact.result as { cycles: number }).cycles;
            for (const maxCycles of [1, 997, 10_000, Math.max(2, Math.floor(cycles / 3)), Math.max(2, cycles - 1)]) {
                const cut = both(workspace, { maxCycles });
                expect(cut.fast, `maxCycles ${maxCycles}`).toEqual(cut.exact);
                // running ahead stops at the limit where lockstep does
                const inLockstep = drive(workspace, 'exact', { maxCycles, stepBudget: 9_973, everyCall: false });
                expect(inLockstep, `maxCycles ${maxCycles}, lockstep`).toEqual(cut.exact);
            }
            // paused on every fault, halt and fidelity violation, as the debugger's filters do
            const paused = both(workspace, { stepBudget: 1_000_000, stopOn: ['fault', 'halt', 'fidelity'] });
            expect(paused.fast).toEqual(paused.exact);
            if (paused.exact.console.some((line) => /^stop \d+ (fault|halt|fidelity) /.test(line))) {
                expect(paused.exact.trail.some((t) => t.stop.reason === 'event')).toBe(true);
            }
            // a long example (examples/processes.vmdef: a million steps) in budgets of 100 only: tiny
            // budgets compare the whole state a million times; differential-processes.test.ts steps
            // processes in tiny budgets on smaller programs
            const steps = (full.exact.result as { vms: { instructions: number }[] }).vms.reduce((n, vm) => n + vm.instructions, 0);
            for (const stepBudget of steps > LONG_EXAMPLE ? [100] : [1, 2, 7, 100]) {
                const stepped = both(workspace, { stepBudget });
                expect(stepped.fast, `step budget ${stepBudget}`).toEqual(stepped.exact);
            }
        });
    }
});
