// A whole timer tick on the fast engine (issue 14): the monitor's entry and injection in one go
// (fused-entry.ts), and the guest handler's `out` to its timer or serial port through the
// stdlib's `io_out` handler in one go too (fast/fused-io.ts) — the same cycles, exits, console
// output (text and time) and interrupt counts as the machine's steps, at any chunk end, cycle
// limit or step budget. A tick whose deadline falls where a translated region stopped is taken
// by the fused path, not stepped through the monitor's frames.
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { boundaryDisagreements, workspaceOf } from './compare.js';

/** Ticks every 700 cycles of a compute loop; the handler writes to the console and re-arms the timer. */
const text = () => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial device t0: timer }
hypervisor hv: type1 on box { virtualization full costs modern { trap 37 inject 3 } }
vm k on hv { memory 1 MiB devices com1, t0 run p }
program p {
        lidt on_tick
        sti
        out t0, 700
        mov r2, 6000
loop:   add r1, r2
        xor r1, 0x55
        dec r2
        jnz loop
        out com1, "done\\n"
        cli
        hlt
on_tick:
        inc r5
        mov r6, r5
        and r6, 7
        jnz quiet
        out com1, r5
        out com1, "tick\\n"
quiet:  out t0, 700
        iret
}
`;

it('fuses the handler\'s port writes; the exact result, console and counts at every boundary', async () => {
    const workspace = await workspaceOf([{ path: '/fused-tick/tick.vmdef', text: text() }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const result = sim.run();
    const fast = sim.executor as FastExecutor;
    const exact = Simulation.create(workspace, {}).run();
    expect(result).toEqual(exact);
    const vm = result.vms[0];
    const ticks = vm.interrupts.delivered;
    expect(ticks).toBeGreaterThan(20);
    expect(vm.console).toContain('8\ntick\n');
    expect(vm.console.endsWith('done\n')).toBe(true);
    // every re-arm, and the writes of every eighth tick, in one go
    expect(fast.stats.fusedOuts).toBeGreaterThanOrEqual(ticks + 2 * Math.floor(ticks / 8));
    // a deadline where a region stopped is the fused entry's too (it was stepped through the monitor)
    expect(fast.stats.fusedEntries).toBe(ticks);
    expect(boundaryDisagreements(workspace, [900, 7_001, 20_011, 37_037], [1, 2, 3, 5, 6, 7])).toEqual([]);
});

it('does not fuse while transitions are listened to (every frame shows in --trace)', async () => {
    const workspace = await workspaceOf([{ path: '/fused-tick/trace.vmdef', text: text() }]);
    const traced: string[] = [];
    const sim = Simulation.create(workspace, { engine: 'fast', listener: { transition: (t) => traced.push(t.name) } });
    const result = sim.run();
    expect((sim.executor as FastExecutor).stats.fusedOuts).toBe(0);
    expect(traced.filter((n) => n === 'hw io_write').length).toBeGreaterThan(2 * result.vms[0].interrupts.delivered);
});
