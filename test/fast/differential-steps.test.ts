// Random programs driven in small step budgets (the debugger's `runUntil({ maxSteps })`, the
// CLI's progress loop) with small cycle limits: after every call both engines stand at the same
// instruction of every vCPU with the same registers, flags, clocks and step counter.
import { describe, expect, it } from 'vitest';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { checkGroup, GROUP } from './random-group.js';

const GROUPS = 60;
const FIRST = 1000; // other seeds than the run-to-the-end test

describe('fast engine = exact interpreter on random programs, in step budgets', () => {
    const fast = new FastExecutor();
    it(`${GROUPS * GROUP} scenarios, budgets of 1 to 97 steps`, async () => {
        for (let g = FIRST; g < FIRST + GROUPS; g++) {
            await checkGroup(g, fast, (maxCycles) => ({ maxCycles: Math.min(maxCycles, 60_000), stepBudget: 1 + ((g * 7) % 97) }));
        }
        expect(fast.stats.translated).toBeGreaterThan(0);
    }, 600_000);
});
