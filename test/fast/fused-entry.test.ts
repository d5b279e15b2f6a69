// A timer tick the hypervisor takes first, whose monitor handler is the stdlib's one command
// `hw inject(vector, 0)`, enters the monitor and injects in one go on the fast engine
// (machine/fused-entry.ts): the same cycles, exits, interrupts and state as three machine steps,
// however a cycle limit or a step budget falls — and never with a transition listener.
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { boundaryDisagreements, workspaceOf } from './compare.js';

/** A kernel that ticks every 500 cycles of a compute loop; its handler re-arms the timer. */
const text = (technique: string, extensions = '') => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB ${extensions} device com1: serial device t0: timer }
hypervisor hv: type1 on box { virtualization ${technique} costs modern { trap 37 exit 41 inject 3 } }
vm k on hv { memory 1 MiB devices com1, t0 run p }
program p {
        lidt on_tick
        sti
        out t0, 500
        mov r2, 4000
loop:   add r1, r2
        xor r1, 0x55
        dec r2
        jnz loop
        out com1, r5
        cli
        hlt
on_tick:
        inc r5
        out t0, 500
        iret
}
`;

it.each([
    ['full', ''],
    ['binary', ''],
    ['hardware', 'extensions vtx'],
])('under %s: fused entries, the exact result at every boundary', async (technique, extensions) => {
    const workspace = await workspaceOf([{ path: `/fused-entry/${technique}.vmdef`, text: text(technique, extensions) }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const result = sim.run();
    const fast = sim.executor as FastExecutor;
    const exact = Simulation.create(workspace, {}).run();
    expect(result).toEqual(exact);
    const ticks = result.vms[0].interrupts.delivered;
    expect(ticks).toBeGreaterThan(20);
    expect(result.vms[0].exits.interrupt).toBe(ticks);
    // most ticks entered the monitor in one go (a few fall at a chunk's end and are stepped)
    expect(fast.stats.fusedEntries).toBeGreaterThan(ticks / 2);
    expect(boundaryDisagreements(workspace, [600, 5_000, 20_011, 37_037], [1, 2, 3, 4, 7])).toEqual([]);
});

it('does not fuse while transitions are listened to (every frame shows in --trace)', async () => {
    const workspace = await workspaceOf([{ path: '/fused-entry/trace.vmdef', text: text('full') }]);
    const traced: string[] = [];
    const sim = Simulation.create(workspace, { engine: 'fast', listener: { transition: (t) => traced.push(t.name) } });
    const result = sim.run();
    const fast = sim.executor as FastExecutor;
    expect(fast.stats.fusedEntries).toBe(0);
    expect(traced.filter((n) => n === 'hw inject').length).toBe(2 * result.vms[0].interrupts.delivered);
});
