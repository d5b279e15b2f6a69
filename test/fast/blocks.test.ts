// How bodies split into translation blocks: long straight-line code is cut (a block must fit in a
// chunk and in one optimizable function), every leader and stepped instruction starts a block,
// and the engines agree on such code however a cycle limit cuts it.
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { blockAt, MAX_BLOCK } from '../../simulator/fast/blocks.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { both, workspaceOf } from './compare.js';

const straight = (n: number) => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full }
vm k on hv { memory 1 MiB devices com1 run p }
program p {
${Array.from({ length: n }, (_, i) => (i % 997 === 500 ? '    out com1, r1' : `    add r1, ${i % 13}`)).join('\n')}
    out com1, r1
    hlt
}
`;

it('cuts 3,000 straight-line instructions into blocks of at most MAX_BLOCK, stepped instructions alone', async () => {
    const workspace = await workspaceOf([{ path: '/blocks/straight.vmdef', text: straight(3000) }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const fast = sim.executor as FastExecutor;
    const code = sim.codes.find((c) => c.name === 'p')!;
    const map = fast.translated(code).map;
    const lengths: number[] = [];
    for (let pc = 0; pc < map.length; pc++) if (map.start[pc]) lengths.push(blockAt(map, pc).length);
    expect(Math.max(...lengths)).toBe(MAX_BLOCK);
    // every `out` is a stepped instruction: a block of its own with nothing translated
    code.instrs.forEach((ins, pc) => {
        if (ins.cls !== 0) expect([map.start[pc], map.fast[pc], map.start[pc + 1]]).toEqual([1, 0, 1]);
    });
    const result = sim.run();
    expect(result.vms[0].status).toBe('halted');
    expect(fast.stats.translated).toBeGreaterThan(2900);
    for (const maxCycles of [100, 255, 256, 257, 5_000, 10_001, 40_000]) {
        const r = both(workspace, { maxCycles });
        expect(r.fast, `maxCycles ${maxCycles}`).toEqual(r.exact);
    }
});
