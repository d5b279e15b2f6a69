// The snapshot history of time travel stays bounded: by count (thinning the old half) and by
// memory (a guest that touches many pages keeps fewer snapshots), never losing its start.
import { describe, expect, it } from 'vitest';
import { History, MAX_HISTORY_BYTES, MAX_SNAPSHOTS } from '../../debugger/history.js';
import { loadSimulation } from '../../debugger/runtime.js';
import { readLaunchFile } from '../../debugger/read-source.js';
import { fixture } from './dap-helpers.js';

describe('history', () => {
    it('keeps at most MAX_SNAPSHOTS, always the start and the newest, sorted; nearest finds the one at or before', async () => {
        const sim = await loadSimulation({ program: fixture('long.vmdef') }, readLaunchFile);
        const history = new History(sim);
        for (let i = 0; i < 300; i++) {
            sim.runUntil({ maxSteps: 1000 });
            history.record(sim);
        }
        expect(history.size).toBeLessThanOrEqual(MAX_SNAPSHOTS);
        expect(history.start).toBe(0);
        expect(history.latest).toBe(300_000);
        const before = history.before(300_000).map((e) => e.steps);
        expect(before).toEqual([...before].sort((a, b) => b - a));
        expect(before.at(-1)).toBe(0);
        // denser near the present: the newest 50 are 1,000 steps apart
        expect(before.slice(0, 50).every((s, i) => s === 299_000 - i * 1000)).toBe(true);
        expect(history.nearest(150_500).steps).toBeLessThanOrEqual(150_500);
        expect(history.nearest(-1).steps).toBe(0);
        // recording the same step count twice keeps one
        const size = history.size;
        history.record(sim);
        expect(history.size).toBe(size);
    });

    it('stays under its memory budget when every snapshot copies many touched pages', async () => {
        const sim = await loadSimulation({ program: fixture('pages.vmdef') }, readLaunchFile);
        sim.runUntil({ maxSteps: 15_900 }); // ~3,975 pages touched: 16 MB per snapshot
        expect(sim.state.vms[0].memory.touchedPages).toBeGreaterThan(3900);
        const history = new History(sim);
        for (let i = 0; i < 25; i++) {
            sim.runUntil({ maxSteps: 1 });
            history.record(sim);
        }
        expect(history.bytes).toBeLessThanOrEqual(MAX_HISTORY_BYTES);
        expect(history.size).toBeGreaterThanOrEqual(2);
        expect(history.size).toBeLessThan(17);
        expect(history.start).toBe(15_900);
        expect(history.latest).toBe(15_925);
    });
});
