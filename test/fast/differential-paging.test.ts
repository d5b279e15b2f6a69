// Paging programs on both engines (§11): seeded random guests that build page tables, turn paging
// on and access memory through them (test/fast/random-paging.ts), plus the paging tests' own
// programs — the same console, status, TLB and memory figures, cycles and final state, run to
// the end and in small step budgets.
import { describe, expect, it } from 'vitest';
import { both, errorsOf, lockstep, workspaceOf } from './compare.js';
import { randomPagingScenario } from './random-paging.js';

const SEEDS = 60;

describe('fast engine = exact interpreter on paging programs', () => {
    it(`${SEEDS} random paging scenarios, to the end and in step budgets`, async () => {
        let paged = 0;
        for (let seed = 0; seed < SEEDS; seed++) {
            const s = randomPagingScenario(seed, `s${seed}`);
            const workspace = await workspaceOf([{ path: `/random/paging${seed}.vmdef`, text: s.text }]);
            expect(errorsOf(workspace), s.text).toEqual([]);
            const { exact, fast } = both(workspace, { maxCycles: s.maxCycles });
            expect(exact.error).toBeUndefined();
            expect(fast, `seed ${seed}:\n${s.text}`).toEqual(exact);
            const result = exact.result as { vms: { memory: { tlbMisses: number } }[] };
            if (result.vms.some((v) => v.memory.tlbMisses > 0)) paged++;
            if (seed % 4 === 0) {
                expect(lockstep(workspace, { maxCycles: s.maxCycles, stepBudget: 1 + (seed % 13) }), `seed ${seed}:\n${s.text}`).toBeUndefined();
            }
        }
        // the scenarios do page: most walk the tables
        expect(paged).toBeGreaterThan(SEEDS / 2);
    }, 600_000);
});
