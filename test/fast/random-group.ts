// Groups of random scenarios in one workspace (one file each, names tagged apart): one build of
// the standard library serves GROUP scenarios, and one simulation runs all their hosts. Each
// group is compared twice: run to its cycle limit (with the trace listener on some), and
// driven in small step budgets (the debugger's `runUntil({ maxSteps })`, the CLI's progress
// loop) with the registers, flags, pcs and clocks of every vCPU compared after every call.
import { describe, expect, it } from 'vitest';
import { both, drive, errorsOf, fastStats, lockstep, workspaceOf, type DriveOptions, type FastStats } from './compare.js';
import { randomScenario } from './random-programs.js';

export const GROUP = 25;

function modes(g: number, maxCycles: number): DriveOptions[] {
    return [
        { maxCycles, trace: g % 4 === 0 },
        // budgets of 1–97 steps; the smallest ones on shorter runs (a call per step is slow)
        { maxCycles: Math.min(maxCycles, (g * 7) % 97 < 10 ? 5_000 : 20_000), stepBudget: 1 + ((g * 7) % 97) },
    ];
}

/** Runs group `g` (seeds g·GROUP …) under both engines and expects identical outcomes; returns the programs it ran. */
export async function checkGroup(g: number, stats: FastStats): Promise<number> {
    const scenarios = Array.from({ length: GROUP }, (_, i) => randomScenario(g * GROUP + i, `s${i}`, i === 0));
    const workspace = await workspaceOf(scenarios.map((s, i) => ({ path: `/random/group${g}/s${i}.vmdef`, text: s.text })));
    expect(errorsOf(workspace)).toEqual([]);
    const [toEnd, stepped] = modes(g, scenarios[0].maxCycles);
    const difference = lockstep(workspace, { ...stepped, stepBudget: stepped.stepBudget! }, stats);
    if (difference !== undefined) {
        for (const [i, s] of scenarios.entries()) {
            const one = await workspaceOf([{ path: `/random/seed${g * GROUP + i}.vmdef`, text: s.text }]);
            expect(lockstep(one, { ...stepped, stepBudget: stepped.stepBudget! }), `seed ${g * GROUP + i} (tag s${i}), ${JSON.stringify(stepped)}:\n${s.text}`).toBeUndefined();
        }
        expect(difference).toBeUndefined();
    }
    for (const options of [toEnd]) {
        const { exact, fast: got } = both(workspace, options, stats);
        expect(exact.error).toBeUndefined();
        if (JSON.stringify(got) === JSON.stringify(exact)) continue;
        // narrow it down to one scenario for the message
        for (const [i, s] of scenarios.entries()) {
            const one = await workspaceOf([{ path: `/random/seed${g * GROUP + i}.vmdef`, text: s.text }]);
            const r = both(one, options);
            expect(r.fast, `seed ${g * GROUP + i} (tag s${i}), ${JSON.stringify(options)}:\n${s.text}`).toEqual(r.exact);
        }
        expect(got).toEqual(exact);
        // running ahead (run to the end) = lockstep (calls without it): the same order of all
        // others can see, so the same consoles, stops and results
        const inLockstep = drive(workspace, 'exact', { ...options, stepBudget: 100_003, everyCall: false });
        expect(inLockstep).toEqual(exact);
    }
    return scenarios.reduce((n, s) => n + (s.text.match(/^program /gm)?.length ?? 0), 0);
}

/**
 * The differential suite over groups `first` … `first + groups - 1`: split over two files so
 * vitest runs the halves on both cores.
 */
export function differentialSuite(first: number, groups: number): void {
    describe('fast engine = exact interpreter on random programs', () => {
        it(`${groups * GROUP} scenarios (seeds ${first * GROUP}–${(first + groups) * GROUP - 1})`, async () => {
            const fast = fastStats();
            let programs = 0;
            for (let g = first; g < first + groups; g++) programs += await checkGroup(g, fast);
            // guest programs, besides user OS syscalls and monitor handlers (a native scenario has one VM)
            expect(programs).toBeGreaterThan(800);
            // the fast paths really ran: most instructions in translated code, some at boundaries
            expect(fast.translated).toBeGreaterThan(5 * fast.stepped);
            expect(fast.exact).toBeGreaterThan(0);
            expect(fast.fused).toBeGreaterThan(0);
        }, 300_000);
    });
}
