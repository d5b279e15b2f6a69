// cli / sti trapping to the stdlib's one-command handlers are applied in one go (fused-trap.ts):
// the same registers, cycles, exits, interrupt flag and scheduling as three machine steps,
// however a cycle limit or a step budget falls — and never with a transition listener.
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { both, boundaryDisagreements, lockstep, workspaceOf } from './compare.js';

const text = (technique: string) => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization ${technique} overcommit cpu 2.0 costs modern { trap 37 } }
vm k on hv { memory 1 MiB devices com1 run p }
vm k2 on hv { memory 1 MiB devices com1 run p }
program p {
        mov r2, 300
loop:   add r1, r2
        cli
        xor r1, 0x55
        sti
        dec r2
        jnz loop
        out com1, r1
        pushf
        pop r3
        out com1, r3
        hlt
}
`;

it('fuses trapped cli/sti under full and gives the exact result at every boundary', async () => {
    const workspace = await workspaceOf([{ path: '/fused/full.vmdef', text: text('full') }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const fast = sim.executor as FastExecutor;
    const result = sim.run();
    expect(result.vms[0].exits).toEqual({ irq: 600, io: 2, hlt: 1 });
    expect(fast.stats.fused).toBeGreaterThan(1000);
    const exact = Simulation.create(workspace, {}).run();
    expect(result).toEqual(exact);
    expect(boundaryDisagreements(workspace, [50, 5_000, 20_011, 37_037], [1, 2, 3, 4, 5, 11])).toEqual([]);
});

it('does not fuse while transitions are listened to (every frame shows in --trace)', async () => {
    const workspace = await workspaceOf([{ path: '/fused/trace.vmdef', text: text('full') }]);
    const traced: string[] = [];
    const sim = Simulation.create(workspace, { engine: 'fast', listener: { transition: (t) => traced.push(t.name) } });
    sim.run();
    const fast = sim.executor as FastExecutor;
    expect(fast.stats.fused).toBe(0);
    expect(traced.filter((n) => n === 'trap disable_interrupts').length).toBe(2 * 300 * 2);
});

// One busy pCPU runs its whole slice in one chunk, so a translated region takes the traps itself
// (translate.ts, time mode): counted in cycles, whatever an instruction or a trap costs.
it.each([
    ['modern { trap 37 }', 1],
    ['modern { trap 37 instruction 3 }', 3],
    ['p4_2006', 1],
    ['modern { trap 1 instruction 1 }', 1],
])('takes the traps inside translated code with costs %s, cycle for cycle', async (costs, instruction) => {
    const source = text('full').replace('costs modern { trap 37 }', `costs ${costs}`).replace(/vm k2 .*\n/, '');
    const workspace = await workspaceOf([{ path: '/fused/inline.vmdef', text: source }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const result = sim.run();
    const fast = sim.executor as FastExecutor;
    const exact = Simulation.create(workspace, {}).run();
    expect(result).toEqual(exact);
    expect(result.vms[0].exits).toEqual({ irq: 600, io: 2, hlt: 1 });
    // the loop's 300 turns are 6 guest instructions each at `instruction` cycles, and two traps
    expect(result.vms[0].cycles.kernel).toBeGreaterThanOrEqual(300 * 4 * instruction);
    // the traps ran inside the regions: a handful of region calls, not one per trap
    expect(fast.stats.fused).toBe(600);
    expect(fast.stats.regionCalls).toBeLessThan(20);
    for (const maxCycles of [50, 1_000, 20_011, 37_037, 100_003]) {
        const r = both(workspace, { maxCycles });
        expect(r.fast, `maxCycles ${maxCycles}`).toEqual(r.exact);
    }
    for (const stepBudget of [1, 3, 7, 1000]) {
        expect(lockstep(workspace, { stepBudget, maxCycles: 60_000 }), `budget ${stepBudget}`).toBeUndefined();
    }
});

it('takes the traps inside translated code when a step budget drives the run (as `vmdef run` does)', async () => {
    const workspace = await workspaceOf([{ path: '/fused/budget.vmdef', text: text('full').replace(/vm k2 .*\n/, '') }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const fast = sim.executor as FastExecutor;
    let calls = 0;
    while (!sim.state.finished && calls++ < 10_000) sim.runUntil({ maxSteps: 5_000 });
    expect(sim.result()).toEqual(Simulation.create(workspace, {}).run());
    expect(fast.stats.fused).toBe(600);
    expect(fast.stats.regionCalls).toBeLessThan(60);
});
