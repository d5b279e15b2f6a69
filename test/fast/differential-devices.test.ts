// Devices reach the same state in both engines (docs/language.md, Devices and I/O): random
// kernels that read serial input (waiting and arriving), write the console, start disk and nic
// DMA emulated, through virtio rings and passed through (requests in and out of their memory),
// arm the timer and wait for completions in hlt (random-devices.ts) — compared run to the end
// and in small step budgets: every figure, every device instance, the whole final state.
import { describe, expect, it } from 'vitest';
import { both, errorsOf, fastStats, lockstep, workspaceOf } from './compare.js';
import { randomDeviceScenario } from './random-devices.js';

const GROUP = 10;
const GROUPS = 3;
const SEED = 5000;

interface DeviceCounts {
    requests: number;
    refused: number;
    interrupts: number;
    bytes: number;
    path: string;
    kind: string;
}

describe('devices: fast engine = exact interpreter', () => {
    it(`${GROUP * GROUPS} random scenarios with serial input, DMA, virtio, passthrough and interrupts`, async () => {
        const stats = fastStats();
        const seen = { requests: 0, refused: 0, interrupts: 0, serialBytes: 0, paths: new Set<string>() };
        for (let g = 0; g < GROUPS; g++) {
            const scenarios = Array.from({ length: GROUP }, (_, i) => randomDeviceScenario(SEED + g * GROUP + i, `g${g}s${i}`));
            const workspace = await workspaceOf(scenarios.map((s, i) => ({ path: `/random-dev/g${g}/s${i}.vmdef`, text: s.text })));
            expect(errorsOf(workspace)).toEqual([]);
            const maxCycles = scenarios[0].maxCycles;
            const { exact, fast } = both(workspace, { maxCycles, trace: g === 0 }, stats);
            expect(exact.error).toBeUndefined();
            if (JSON.stringify(fast) !== JSON.stringify(exact)) {
                // name the scenario that differs
                for (const [i, s] of scenarios.entries()) {
                    const one = await workspaceOf([{ path: `/random-dev/seed${SEED + g * GROUP + i}.vmdef`, text: s.text }]);
                    const r = both(one, { maxCycles });
                    expect(r.fast, `seed ${SEED + g * GROUP + i}:\n${s.text}`).toEqual(r.exact);
                }
                expect(fast).toEqual(exact);
            }
            expect(lockstep(workspace, { maxCycles: Math.min(maxCycles, 20_000), stepBudget: 1 + ((g * 11) % 23) })).toBeUndefined();
            const result = exact.result as { vms: { io: Record<string, DeviceCounts> }[] };
            for (const vm of result.vms) {
                for (const d of Object.values(vm.io)) {
                    if (d.kind === 'timer') continue;
                    seen.requests += d.kind === 'serial' ? 0 : d.requests;
                    seen.refused += d.refused;
                    seen.interrupts += d.interrupts;
                    if (d.kind === 'serial') seen.serialBytes += d.bytes;
                    if (d.requests > 0) seen.paths.add(`${d.kind} ${d.path}`);
                }
            }
        }
        // the scenarios really move data on every path, refuse requests and raise interrupts,
        // and the fast engine translated around them
        expect(seen.requests).toBeGreaterThan(15);
        expect(seen.refused).toBeGreaterThan(5);
        expect(seen.interrupts).toBeGreaterThan(20);
        expect(seen.serialBytes).toBeGreaterThan(10);
        expect([...seen.paths].sort()).toEqual(expect.arrayContaining(['disk emulated', 'disk virtio', 'nic passthrough', 'serial emulated']));
        expect(stats.translated).toBeGreaterThan(0);
    }, 120_000);
});
