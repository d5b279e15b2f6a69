// The MMU (§11) on a guest kernel that builds its own two-level tables: paging off until `lcr3`,
// translation through the tables, accessed / dirty bits, the TLB (hits, misses, FIFO capacity,
// `invlpg`, a stale entry kept until invlpg as on x86), walk costs (`walk_ref` per reference, 2
// or `walk levels`), page faults with their code, and isolation (a table or frame past the VM's
// memory is refused). Both engines, same figures.
import { describe, expect, it } from 'vitest';
import { box, costsOf, run, vm } from '../simulator/helpers.js';
import { pagedKernel } from './paged-kernel.js';

function unikernel(technique: string, body: string, hw = '', extra = ''): string {
    const ext = technique === 'hardware' ? `extensions vtx${hw ? `, ${hw}` : ''}` : hw ? `extensions ${hw}` : '';
    return `${box(technique, extra, ext)}vm t on hv { memory 16 MiB devices com1 run p }\nprogram p {\n${body}\n}\n`;
}

const ENGINES = ['exact', 'fast'] as const;

describe.each(ENGINES)('the MMU (%s engine)', (engine) => {
    it('paging is off until lcr3; then virtual 0x00400000 is frame 0x10', async () => {
        const body = pagedKernel('mov r1, 0x00400000\nstore [r1], 42\nload r2, [0x10000]\nout com1, r2\nload r3, [r1]\nout com1, r3\nhlt');
        const { result } = await run(unikernel('full', body), { engine });
        const t = vm(result, 't');
        // after lcr3, [0x10000] is virtual too: not mapped → page fault
        expect(t.status).toBe('faulted');
        expect(t.stop?.reason).toContain('page fault at 0x10000 (not present, read, kernel)');
        expect(t.memory.guestPageFaults).toBe(1);
        expect(t.memory.paging).toBe('shadow');
    });

    it('translates, sets accessed and dirty, hits the TLB after one walk per page', async () => {
        const body = pagedKernel(`mov r1, 0x00400000
mov r4, 100
loop: store [r1], r4
load r2, [r1]
add r1, 4
dec r4
jnz loop
load r5, [0x00400000]
out com1, r5
lcr3 0x1000
load r6, [0x00400004]
out com1, r6
hlt`);
        const { sim, result } = await run(unikernel('full', body), { engine });
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('100\n99\n');
        // first store: a miss — a hidden page fault whose handler walks and fills the shadow and
        // the TLB — then the store again (a hit) and 199 hits; load r5: hit; after lcr3 a miss again
        expect(t.memory.tlbMisses).toBe(2);
        expect(t.memory.tlbHits).toBe(1 + 199 + 1);
        expect(t.memory.walkRefs).toBe(4);
        expect(c.walk_ref).toBeGreaterThan(0);
        // the guest's own tables show the hardware's bits: accessed on the directory entry, dirty on the page
        expect(sim.state.vms[0].memory.read(0x1004)).toBe(0x2007 | 0x20);
        expect(sim.state.vms[0].memory.read(0x2000)).toBe(0x10007 | 0x60);
        expect(sim.state.vms[0].memory.read(0x10000)).toBe(100);
    });

    it('charges walk_ref per reference: 2 levels, or `walk levels 4`', async () => {
        const body = pagedKernel('load r1, [0x00400000]\nload r1, [0x00401000]\nhlt');
        const two = await run(unikernel('full', body), { engine });
        const four = await run(unikernel('full', body).replace('device com2: serial', 'device com2: serial walk levels 4'), { engine });
        const c = costsOf(two.sim, 'hv');
        expect(vm(two.result, 't').memory.walkRefs).toBe(4);
        expect(vm(four.result, 't').memory.walkRefs).toBe(8);
        expect(vm(four.result, 't').cycles.kernel - vm(two.result, 't').cycles.kernel).toBe(4 * c.walk_ref);
    });

    it('the TLB keeps a changed entry until invlpg (as x86), and holds `tlb N entries` first in first out', async () => {
        // remap page 0x400 to frame 0x11 with a store: the TLB still says frame 0x10 until invlpg
        const stale = pagedKernel(`store [0x00400000], 1
store [0x00401000], 2
store [0x00408000], 0x11007
load r1, [0x00400000]
out com1, r1
invlpg 0x00400000
load r1, [0x00400000]
out com1, r1
hlt`);
        expect(vm((await run(unikernel('full', stale), { engine })).result, 't').console).toBe('1\n2\n');
        // two entries: touching three pages evicts the first; touching it again misses
        const small = unikernel('full', pagedKernel('load r1, [0x00400000]\nload r1, [0x00401000]\nload r1, [0x00402000]\nload r1, [0x00400000]\nhlt'))
            .replace('device com2: serial', 'device com2: serial tlb 2 entries');
        expect(vm((await run(small, { engine })).result, 't').memory.tlbMisses).toBe(4);
    });

    it('page faults carry present / write / user', async () => {
        const readOnly = pagedKernel('store [0x00400000], 1\nhlt', 4, 5);
        const t = vm((await run(unikernel('full', readOnly), { engine })).result, 't');
        expect(t.stop?.reason).toContain('page fault at 0x400000 (protection, write, kernel)');
    });

    it('isolation: a table entry naming a frame past the VM\'s memory is refused, never reached', async () => {
        // 16 MiB = frames 0 … 0xFFF; frame 0x12345 is far outside
        const body = 'store [0x1004], 0x2007\nstore [0x2000], 0x12345007\nlcr3 0x1000\nstore [0x00400000], 66\nhlt';
        const { sim, result } = await run(unikernel('full', body), { engine });
        const t = vm(result, 't');
        expect(t.status).toBe('faulted');
        expect(t.stop?.reason).toContain('refused');
        expect(t.memory.refused).toBe(1);
        expect(sim.state.vms[0].memory.has(0x12345)).toBe(false);
        // a directory past the VM's memory: the same
        const root = vm((await run(unikernel('full', 'lcr3 0x7fff0000\nload r1, [0]\nhlt'), { engine })).result, 't');
        expect(root.memory.refused).toBe(1);
    });
});

describe('TLB flushes', () => {
    const body = pagedKernel('load r1, [0x00400000]\ncpuid r2\nload r1, [0x00400000]\nhlt');
    it('a VM exit flushes an untagged TLB; with vpid it survives', async () => {
        const untagged = vm((await run(unikernel('hardware', body, '', 'paging shadow'))).result, 't');
        const tagged = vm((await run(unikernel('hardware', body, 'vpid', 'paging shadow'))).result, 't');
        expect(untagged.memory.tlbMisses).toBe(2);
        expect(tagged.memory.tlbMisses).toBe(1);
        // the first load again after the hidden page fault's handler, and the second load
        expect(tagged.memory.tlbHits).toBe(2);
    });
});
