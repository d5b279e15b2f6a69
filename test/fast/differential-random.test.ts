// Thousands of seeded random programs (test/fast/random-programs.ts), run to the end or to a
// small cycle limit under both engines: identical console, status, exits, cycles by layer,
// instruction counts, timeline and the whole final machine state.
import { describe, expect, it } from 'vitest';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { checkGroup, GROUP } from './random-group.js';

const GROUPS = 150;

describe('fast engine = exact interpreter on random programs, run to the end', () => {
    const fast = new FastExecutor();
    it(`${GROUPS * GROUP} scenarios in ${GROUPS} groups`, async () => {
        for (let g = 0; g < GROUPS; g++) await checkGroup(g, fast, (maxCycles) => ({ maxCycles, trace: g % 5 === 0 }));
        // the fast paths really ran: most guest instructions in translated code
        expect(fast.stats.translated).toBeGreaterThan(fast.stats.stepped);
        expect(fast.stats.exact).toBeGreaterThan(0);
    }, 600_000);
});
