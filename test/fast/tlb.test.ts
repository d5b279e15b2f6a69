// Translated memory accesses check the page once per address register within a block (the
// one-entry TLB): `load r2, [r1]` … `store [r1], r2` checks once, but a write to r1 between
// them — onto a page the guest never touched — must check again and leave it to the machine.
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import { both, lockstep, workspaceOf } from './compare.js';

/** One VM of 1 MiB on a full-virtualization hypervisor, running `program p`. */
const MACHINE = `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full }
vm k on hv { memory 1 MiB devices com1 run p }
`;

const text = `${MACHINE}program p {
        mov r1, 0x1000
        mov r4, 40
loop:   load r2, [r1]
        add r2, r4
        store [r1], r2
        add r1, 0x1000
        store [r1], r2
        load r3, [r1]
        load r1, [r1]
        load r5, [r1]
        dec r4
        jnz loop
        out com1, r3
        out com1, r5
        hlt
}
`;

const pageChecks = (source: string) => source.split('PG.get(').length - 1;

it('checks a page once per address register until the register changes, as the interpreter faults and touches', async () => {
    const workspace = await workspaceOf([{ path: '/tlb/loop.vmdef', text }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const fast = sim.executor as FastExecutor;
    const result = sim.run();
    const code = sim.codes.find((c) => c.name === 'p')!;
    const sources = fast.translated(code).regions().map((r) => r.source).join('\n');
    // load [r1] checks, store [r1] not; r1 moves: store [r1] checks, load [r1] not; load r1 ← [r1]
    // does not (same r1), then r1 changed: load [r1] checks
    expect(pageChecks(sources)).toBe(3);
    expect(result.vms[0].status).toBe('halted');
    expect(result).toEqual(Simulation.create(workspace, {}).run());
    for (const maxCycles of [100, 2_000, 30_000, 70_001]) {
        const r = both(workspace, { maxCycles });
        expect(r.fast, `maxCycles ${maxCycles}`).toEqual(r.exact);
    }
    for (const stepBudget of [1, 2, 5, 13]) expect(lockstep(workspace, { stepBudget }), `budget ${stepBudget}`).toBeUndefined();
});

// A copy loop reads one page and writes another: each address register keeps its own page slot,
// so the pages map is consulted when a register moves to a new page, not at every access (the
// one-entry TLB before looked up both pages at every turn).
const copy = `${MACHINE}program p {
        mov r1, 0x1000
        mov r2, 0x3000
        mov r4, 2048
loop:   load r3, [r1]
        add r3, r4
        store [r2], r3
        add r1, 4
        add r2, 4
        dec r4
        jnz loop
        load r5, [0x3ffc]
        out com1, r5
        hlt
}
`;

it('keeps a page per address register in translated code: a copy loop looks pages up when it crosses one', async () => {
    const workspace = await workspaceOf([{ path: '/tlb/copy.vmdef', text: copy }]);
    const sim = Simulation.create(workspace, { engine: 'fast' });
    const pages = sim.state.vms[0].memory.pages;
    let lookups = 0;
    const get = pages.get.bind(pages);
    pages.get = (page: number) => {
        lookups++;
        return get(page);
    };
    const result = sim.run();
    expect(result.vms[0].console).toBe(Simulation.create(workspace, {}).run().vms[0].console);
    expect(result).toEqual(Simulation.create(workspace, {}).run());
    // 2,048 turns over two source and two destination pages: a handful of lookups (each first
    // touch leaves to the machine and looks again), not one per access
    expect(lookups).toBeGreaterThan(0);
    expect(lookups).toBeLessThan(64);
});
