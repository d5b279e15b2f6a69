// Groups of random scenarios in one workspace (one file each, names tagged apart): one build of
// the standard library serves ten scenarios. Each group is one simulation with ten hosts.
import { expect } from 'vitest';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { both, errorsOf, workspaceOf, type DriveOptions } from './compare.js';
import { randomScenario } from './random-programs.js';

export const GROUP = 10;

/** Runs group `g` (seeds g·GROUP …) under both engines and expects identical outcomes. */
export async function checkGroup(g: number, fast: FastExecutor, options: (maxCycles: number) => DriveOptions): Promise<void> {
    const scenarios = Array.from({ length: GROUP }, (_, i) => randomScenario(g * GROUP + i, `s${i}`, i === 0));
    const workspace = await workspaceOf(scenarios.map((s, i) => ({ path: `/random/group${g}/s${i}.vmdef`, text: s.text })));
    expect(errorsOf(workspace)).toEqual([]);
    const { exact, fast: got } = both(workspace, options(scenarios[0].maxCycles), fast);
    expect(exact.error).toBeUndefined();
    if (JSON.stringify(got) !== JSON.stringify(exact)) {
        // narrow it down to the scenario for the message
        for (const [i, s] of scenarios.entries()) {
            const one = await workspaceOf([{ path: `/random/seed${g * GROUP + i}.vmdef`, text: s.text }]);
            const r = both(one, options(scenarios[0].maxCycles), new FastExecutor());
            expect(r.fast, `seed ${g * GROUP + i} (tag s${i}):\n${s.text}`).toEqual(r.exact);
        }
        expect(got).toEqual(exact);
    }
}
