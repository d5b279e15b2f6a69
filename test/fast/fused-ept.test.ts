// An EPT violation (nested paging: a guest-physical page's first touch) whose monitor handler is
// the standard library's one command `hw ept_map(gpa)` is taken whole on the fast engine
// (machine/fused-ept.ts): the same cycles, exits, counts and state as the machine's three steps,
// however a cycle limit or a step budget falls, and never with a transition listener.
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { boundaryDisagreements, workspaceOf } from './compare.js';

const PAGES = 40;

/**
 * A linux guest (demand paging) under VT-x with EPT that reads every other fresh page and writes
 * the others: each first touch a guest page fault, then an EPT violation of a load or a store.
 */
const touchPages = (pages: number) => `hardware server { cpu 1 cores @ 3 GHz memory 16 GiB extensions vtx, ept, vpid device com1: serial }
hypervisor kvm: type1 on server { virtualization hardware }
program touch {
        mov r1, ${pages / 2}
        mov r2, 0x20000000
next:   load r3, [r2]
        add r4, r3
        add r2, 4096
        store [r2], r1
        add r2, 4096
        dec r1
        jnz next
        syscall write(com1, r4)
        syscall exit(0)
}
vm guest: linux on kvm { vcpus 1 memory 1 GiB devices com1 run touch }
`;

it('takes the handler whole: the exact result, and at every boundary', async () => {
    const workspace = await workspaceOf([{ path: '/fused-ept/touch.vmdef', text: touchPages(PAGES) }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const result = sim.run();
    const fast = sim.executor as FastExecutor;
    expect(result).toEqual(Simulation.create(workspace, {}).run());
    const vm = result.vms[0];
    expect(vm.status).toBe('halted');
    expect(vm.memory.guestPageFaults).toBe(PAGES);
    expect(vm.exits.ept).toBe(vm.memory.eptViolations);
    // every fresh page's violation but those at a chunk's end
    expect(fast.stats.fusedEpts).toBeGreaterThan(PAGES - 5);
    // limits inside the touching loop (it starts near cycle 13,000; a page takes ~1,850), and
    // budgets in lockstep up to 30,000 cycles
    expect(vm.cycles.total).toBeGreaterThan(80_000);
    expect(boundaryDisagreements(workspace, [30_001, 45_037, 60_013, 80_011], [1, 2, 3, 4])).toEqual([]);
});

it('does not fuse while transitions are listened to (every frame shows in --trace)', async () => {
    const workspace = await workspaceOf([{ path: '/fused-ept/trace.vmdef', text: touchPages(PAGES) }]);
    const traced: string[] = [];
    const sim = Simulation.create(workspace, { engine: 'fast', listener: { transition: (t) => traced.push(t.name) } });
    const result = sim.run();
    expect((sim.executor as FastExecutor).stats.fusedEpts).toBe(0);
    expect(traced.filter((n) => n === 'hw ept_map').length).toBe(2 * result.vms[0].memory.eptViolations);
});
