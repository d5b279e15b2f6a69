// `SimulationOptions.engine` picks the executor: `fast` translates, `exact` (the default) interprets.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { workspaceOf } from './compare.js';

it("engine: 'fast' runs translated code and gives the exact interpreter's result", async () => {
    const file = path.resolve(__dirname, '../../examples/type1-vs-type2.vmdef');
    const workspace = await workspaceOf([{ path: file, text: fs.readFileSync(file, 'utf8') }]);
    const fast = Simulation.create(workspace, { engine: 'fast' });
    const exact = Simulation.create(workspace, {});
    expect(fast.executor.name).toBe('fast');
    expect(exact.executor.name).toBe('exact');
    expect(fast.run()).toEqual(exact.run());
    expect((fast.executor as FastExecutor).stats.translated).toBeGreaterThan(0);
});
