// Seeded random workspaces (test/fast/random-programs.ts, groups 0–11): both engines give the
// same console, status, exits, cycles by layer, instruction counts, timeline and final machine
// state, run to a cycle limit and in step budgets. (Two files: vitest runs them on both cores.)
import { describe, expect, it } from 'vitest';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { checkGroup, GROUP } from './random-group.js';

const FIRST = 0;
const GROUPS = 12;

describe('fast engine = exact interpreter on random programs', () => {
    it(`${GROUPS * GROUP} scenarios (seeds ${FIRST * GROUP}–${(FIRST + GROUPS) * GROUP - 1})`, async () => {
        const fast = new FastExecutor();
        let programs = 0;
        for (let g = FIRST; g < FIRST + GROUPS; g++) programs += await checkGroup(g, fast);
        expect(programs).toBeGreaterThan(900); // guest programs, besides user OS syscalls and monitor handlers
        // the fast paths really ran: most instructions in translated code, some at boundaries
        expect(fast.stats.translated).toBeGreaterThan(5 * fast.stats.stepped);
        expect(fast.stats.exact).toBeGreaterThan(0);
        expect(fast.stats.fused).toBeGreaterThan(0);
    }, 300_000);
});
