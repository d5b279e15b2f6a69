// cli / sti trapping to the stdlib's one-command handlers are applied in one go (fused-trap.ts):
// the same registers, cycles, exits, interrupt flag and scheduling as three machine steps,
// however a cycle limit or a step budget falls — and never with a transition listener.
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { both, lockstep, workspaceOf } from './compare.js';

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
    const fast = new FastExecutor();
    const sim = Simulation.create(workspace, { executor: fast });
    const result = sim.run();
    expect(result.vms[0].exits).toEqual({ irq: 600, io: 2, hlt: 1 });
    expect(fast.stats.fused).toBeGreaterThan(1000);
    const exact = Simulation.create(workspace, {}).run();
    expect(result).toEqual(exact);
    for (const maxCycles of [50, 5_000, 20_011, 37_037]) {
        const r = both(workspace, { maxCycles });
        expect(r.fast, `maxCycles ${maxCycles}`).toEqual(r.exact);
    }
    for (const stepBudget of [1, 2, 3, 4, 5, 11]) {
        expect(lockstep(workspace, { stepBudget, maxCycles: 30_000 }), `budget ${stepBudget}`).toBeUndefined();
    }
});

it('does not fuse while transitions are listened to (every frame shows in --trace)', async () => {
    const workspace = await workspaceOf([{ path: '/fused/trace.vmdef', text: text('full') }]);
    const fast = new FastExecutor();
    const traced: string[] = [];
    Simulation.create(workspace, { executor: fast, listener: { transition: (t) => traced.push(t.name) } }).run();
    expect(fast.stats.fused).toBe(0);
    expect(traced.filter((n) => n === 'trap disable_interrupts').length).toBe(2 * 300 * 2);
});
