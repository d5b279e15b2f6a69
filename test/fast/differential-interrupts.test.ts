// Interrupts and exceptions arrive at the same instruction in both engines (docs/language.md, Exceptions and interrupts):
// random kernels and OSes that arm timers, mask and unmask, wait in hlt and fault
// (random-interrupts.ts), compared run to the end and in small step budgets, every figure and
// the whole final state; and the examples that use them.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { both, errorsOf, fastStats, lockstep, workspaceOf } from './compare.js';
import { randomInterruptScenario } from './random-interrupts.js';

const GROUP = 20;
const GROUPS = 6;

describe('interrupts: fast engine = exact interpreter', () => {
    it(`${GROUP * GROUPS} random scenarios with timers, masks, hlt and faults`, async () => {
        const stats = fastStats();
        let delivered = 0;
        let faults = 0;
        for (let g = 0; g < GROUPS; g++) {
            const scenarios = Array.from({ length: GROUP }, (_, i) => randomInterruptScenario(1000 + g * GROUP + i, `g${g}s${i}`));
            const workspace = await workspaceOf(scenarios.map((s, i) => ({ path: `/random-irq/g${g}/s${i}.vmdef`, text: s.text })));
            expect(errorsOf(workspace)).toEqual([]);
            const maxCycles = scenarios[0].maxCycles;
            const { exact, fast } = both(workspace, { maxCycles, trace: g % 2 === 0, stopOn: undefined }, stats);
            expect(exact.error).toBeUndefined();
            if (JSON.stringify(fast) !== JSON.stringify(exact)) {
                for (const [i, s] of scenarios.entries()) {
                    const one = await workspaceOf([{ path: `/random-irq/seed${1000 + g * GROUP + i}.vmdef`, text: s.text }]);
                    const r = both(one, { maxCycles });
                    expect(r.fast, `seed ${1000 + g * GROUP + i}:\n${s.text}`).toEqual(r.exact);
                }
                expect(fast).toEqual(exact);
            }
            expect(lockstep(workspace, { maxCycles: Math.min(maxCycles, 20_000), stepBudget: 1 + ((g * 13) % 29) })).toBeUndefined();
            const result = exact.result as { vms: { interrupts: { delivered: number }; faults: Record<string, number> }[] };
            for (const vm of result.vms) {
                delivered += vm.interrupts.delivered;
                faults += Object.values(vm.faults).reduce((a, b) => a + b, 0);
            }
        }
        // the scenarios really deliver interrupts and faults, and the fast engine translated around them
        expect(delivered).toBeGreaterThan(100);
        expect(faults).toBeGreaterThan(20);
        expect(stats.translated).toBeGreaterThan(0);
    }, 300_000);

    it('the interrupt examples agree, run to the end and stepped', async () => {
        const file = path.resolve(__dirname, '../../examples/interrupts.vmdef');
        const workspace = await workspaceOf([{ path: file, text: fs.readFileSync(file, 'utf8') }]);
        const { exact, fast } = both(workspace, { trace: true });
        expect(fast).toEqual(exact);
        expect(lockstep(workspace, { stepBudget: 7 })).toBeUndefined();
    }, 120_000);
});
