// Guest memory keeps a page reached at most once sparse (one word, no 4 KiB of its own) and makes
// it dense on its second access (simulator/memory.ts). The representation changes speed and host
// memory only: every read, copy and view sees the same words, and a demand-paged run's pages
// touched once are never allocated.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { SparseMemory } from '../../simulator/memory.js';
import { workspaceOf } from '../fast/compare.js';

describe('SparseMemory', () => {
    it('keeps a page written once sparse, and makes it dense on the next access, words kept', () => {
        const m = new SparseMemory();
        m.write(0x5008, 42);
        expect(m.has(5)).toBe(true);
        expect(m.touchedPages).toBe(1);
        expect(m.pages.has(5)).toBe(false);
        expect(m.peek(0x5008)).toBe(42);
        expect(m.peek(0x500c)).toBe(0);
        expect(m.view(5)![2]).toBe(42);
        // peek and view change nothing; a read is the second access
        expect(m.pages.has(5)).toBe(false);
        expect(m.read(0x500c)).toBe(0);
        expect(m.pages.get(5)![2]).toBe(42);
        expect(m.read(0x5008)).toBe(42);
        expect(m.touchedPages).toBe(1);
    });

    it('a page made for a first touch is sparse until reached twice; the fast paths get it only once reached', () => {
        const m = new SparseMemory();
        m.add(7);
        expect(m.has(7)).toBe(true);
        expect(m.reachable(7)).toBeUndefined();
        expect(m.read(0x7000)).toBe(0);
        expect(m.pages.has(7)).toBe(false);
        const words = m.reachable(7)!;
        expect(m.pages.get(7)).toBe(words);
        words[1] = 9;
        expect(m.read(0x7004)).toBe(9);
    });

    it('a second word written makes the page dense with both', () => {
        const m = new SparseMemory();
        m.touch(3);
        m.write(0x3000, 1);
        m.write(0x3ffc, -2);
        expect([...m.pages.get(3)!].filter((w) => w !== 0)).toEqual([1, -2]);
        expect(m.read(0x3000)).toBe(1);
    });

    it('reads of a page never made make nothing; pages are counted once whatever their kind', () => {
        const m = new SparseMemory();
        expect(m.read(0x9000)).toBe(0);
        expect(m.has(9)).toBe(false);
        m.write(0x1000, 1);
        m.write(0x2000, 2);
        m.write(0x2004, 3);
        m.touch(0x12345);
        expect(m.touchedPages).toBe(3);
        expect([...m.pageNumbers()].sort((a, b) => a - b)).toEqual([1, 2, 0x12345]);
    });

    it('a copy is independent and keeps both kinds', () => {
        const m = new SparseMemory();
        m.write(0x1000, 1);
        m.write(0x2000, 2);
        m.read(0x2000);
        const copy = m.clone();
        copy.write(0x2000, 20);
        copy.write(0x1004, 5);
        expect([m.read(0x1000), m.read(0x1004), m.read(0x2000)]).toEqual([1, 0, 2]);
        expect([copy.read(0x1000), copy.read(0x1004), copy.read(0x2000)]).toEqual([1, 5, 20]);
        expect(copy.touchedPages).toBe(2);
    });
});

/** A linux guest under EPT storing once into each of `pages` fresh pages, then into the first of them `again` times. */
const touchOnce = (pages: number, again: number) => `hardware server { cpu 1 cores @ 3 GHz memory 16 GiB extensions vtx, ept, vpid device com1: serial }
hypervisor kvm: type1 on server { virtualization hardware }
program touch {
        mov r1, ${pages}
        mov r2, 0x10000000
fill:   store [r2], r1
        add r2, 4096
        dec r1
        jnz fill
        mov r1, ${again}
more:   load r3, [0x10000000]
        add r3, 1
        store [0x10000000], r3
        dec r1
        jnz more
        syscall write(com1, r3)
        syscall exit(0)
}
vm guest: linux on kvm { vcpus 1 memory 64 MiB devices com1 run touch }
`;

describe('demand paging', () => {
    it.each(['exact', 'fast'] as const)('%s: pages stored into once take no page of their own; a page in use is dense', async (engine) => {
        const workspace = await workspaceOf([{ path: '/sparse/touch.vmdef', text: touchOnce(2000, 500) }]);
        const sim = Simulation.create(workspace, { engine });
        const result = sim.run();
        const vm = result.vms[0];
        expect(vm.status).toBe('halted');
        // the first page held 2,000 (the first store), then counted up 500 times
        expect(vm.console).toBe('2500\n');
        expect(vm.memory.guestPageFaults).toBeGreaterThanOrEqual(2000);
        const memory = sim.state.vms[0].memory;
        expect(memory.touchedPages).toBe(vm.memory.touchedPages);
        expect(memory.touchedPages).toBeGreaterThan(2000);
        // dense: the kernel's tables and data, the first user page — not the 1,999 others
        expect(memory.pages.size).toBeLessThan(100);
        // the frame the second store went to holds its word, sparse
        const second = [...memory.pageNumbers()].find((p) => memory.peek(p * 4096) === 1999);
        expect(second).toBeDefined();
        expect(memory.pages.has(second!)).toBe(false);
        expect(result).toEqual(Simulation.create(workspace, { engine: engine === 'fast' ? 'exact' : 'fast' }).run());
    });
});
