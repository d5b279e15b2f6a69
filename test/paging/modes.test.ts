// The three ways a hypervisor virtualizes guest paging (§11): shadow (hidden page faults, traps /
// exits / callouts on page-table writes, a cache of shadow roots), nested (no exits for the
// guest's paging, EPT violations on first touch, two-dimensional walks), direct (Xen's validated
// mmu_update; a plain store to a table is a page fault; foreign frames refused).
import { describe, expect, it } from 'vitest';
import { box, costsOf, run, vm } from '../simulator/helpers.js';
import { pagedKernel } from './paged-kernel.js';

function unikernel(technique: string, body: string, hw = '', extra = ''): string {
    return `${box(technique, extra, hw)}vm t on hv { memory 16 MiB devices com1 run p }\nprogram p {\n${body}\n}\n`;
}

// touch two pages, rewrite one entry through the self-map (0x00408000 is the table), read it back
const BODY = pagedKernel(`store [0x00400000], 1
store [0x00401000], 2
store [0x00408004], 0x12007
invlpg 0x00401000
load r1, [0x00401000]
out com1, r1
hlt`);

describe.each(['exact', 'fast'] as const)('paging modes (%s engine)', (engine) => {
    it('shadow under full: hidden page faults fill the shadow, a table write traps (exit pte)', async () => {
        const { sim, result } = await run(unikernel('full', BODY), { engine });
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('0\n');
        expect(t.memory.paging).toBe('shadow');
        // 0x400, 0x401, the self-map page 0x408, then 0x401 again after invlpg
        expect(t.memory.hiddenPageFaults).toBe(4);
        expect(t.exits.pagefault).toBe(4);
        expect(t.memory.pteWrites).toBe(1);
        expect(t.exits.pte).toBe(1);
        expect(t.memory.shadowsBuilt).toBe(1);
        expect(t.memory.guestPageFaults).toBe(0);
        expect(t.cycles.hypervisor).toBeGreaterThanOrEqual(4 * (c.trap + c.mmu) + c.trap + c.emulate);
    });

    it('shadow under binary: the table write is a callout, no exit', async () => {
        const t = vm((await run(unikernel('binary', BODY), { engine })).result, 't');
        expect(t.console).toBe('0\n');
        expect(t.memory.pteWrites).toBe(1);
        expect(t.exits.pte).toBeUndefined();
    });

    it('shadow under first-generation VT-x (no EPT): exits pagefault and pte', async () => {
        const t = vm((await run(unikernel('hardware', BODY, 'extensions vtx'), { engine })).result, 't');
        expect(t.memory.paging).toBe('shadow');
        expect(t.exits.pte).toBe(1);
        expect(t.exits.pagefault).toBe(4);
    });

    it('nested (EPT): no pagefault or pte exits; EPT violations on first touch; 8 references a walk', async () => {
        const t = vm((await run(unikernel('hardware', BODY, 'extensions vtx, ept'), { engine })).result, 't');
        expect(t.console).toBe('0\n');
        expect(t.memory.paging).toBe('nested');
        expect(t.exits.pte).toBeUndefined();
        expect(t.exits.pagefault).toBeUndefined();
        expect(t.exits.cr).toBeUndefined();
        expect(t.memory.hiddenPageFaults).toBe(0);
        expect(t.memory.walkRefs).toBe(4 * 8);
        // directory, table, frames 0x10 and 0x11 (0x12 is read, touched too)
        expect(t.memory.eptViolations).toBe(t.memory.touchedPages);
        expect(t.exits.ept).toBe(t.memory.eptViolations);
        const four = vm((await run(unikernel('hardware', BODY, 'extensions vtx, ept walk levels 4'), { engine })).result, 't');
        expect(four.memory.walkRefs).toBe(4 * 24);
    });

    it('shadows N: lcr3 between roots builds each shadow once while they fit', async () => {
        // a second directory at 0x3000 sharing the table
        const body = pagedKernel('store [0x00408000], 0x10007\nlcr3 0x1000\nhlt').replace('lcr3 0x1000', 'store [0x3004], 0x2007\nlcr3 0x1000\nlcr3 0x3000\nlcr3 0x1000\nlcr3 0x3000');
        const keep = vm((await run(unikernel('full', body), { engine })).result, 't');
        expect(keep.memory.shadowsBuilt).toBe(2);
        const one = vm((await run(unikernel('full', body, '', 'shadows 1'), { engine })).result, 't');
        // one shadow kept: every switch rebuilds (five loads of CR3)
        expect(one.memory.shadowsBuilt).toBe(5);
    });

    it('direct: mmu_update validates, refuses foreign frames (r0 = -1), a plain store to a table faults', async () => {
        const body = `store [0x1004], 0x2007
store [0x2000], 0x10007
store [0x2020], 0x2007
hypercall mmuext_op(0x1000)
hypercall mmu_update(0x2004, 0x11007)
hypercall console_io(com1, r0)
hypercall mmu_update(0x2008, 0x7fff0007)
hypercall console_io(com1, r0)
store [0x00401000], 5
load r1, [0x00401000]
hypercall console_io(com1, r1)
store [0x00408000], 0x99007
hypercall sched_op(1, 0)`;
        const { sim, result } = await run(unikernel('para', body), { engine });
        const t = vm(result, 't');
        expect(t.memory.paging).toBe('direct');
        expect(t.console).toBe('0\n-1\n5\n');
        expect(t.memory.refused).toBe(1);
        expect(t.status).toBe('faulted');
        expect(t.stop?.reason).toContain('use mmu_update');
        // nothing reached the foreign frame, and the table kept its entry
        expect(sim.state.vms[0].memory.read(0x2008)).toBe(0);
        expect(sim.state.vms[0].memory.read(0x2000) & ~0x60).toBe(0x10007);
    });
});

describe('isolation under each paging mode', () => {
    // a guest whose table names a frame of 1 GiB (far past its 16 MiB, where another VM's memory would be)
    const hostile = 'store [0x1004], 0x2007\nstore [0x2000], 0x40000007\nLCR3\nstore [0x00400000], 66\nhlt';
    it.each([
        ['full', '', 'lcr3 0x1000'],
        ['binary', '', 'lcr3 0x1000'],
        ['hardware', 'extensions vtx', 'lcr3 0x1000'],
        ['hardware', 'extensions vtx, ept', 'lcr3 0x1000'],
    ])('%s %s: the access is refused and counted, the frame never touched', async (technique, hw, load) => {
        const { sim, result } = await run(unikernel(technique, hostile.replace('LCR3', load), hw));
        const t = vm(result, 't');
        expect(t.memory.refused).toBe(1);
        expect(t.status).toBe('faulted');
        expect([...sim.state.vms[0].memory.pageNumbers()].every((p) => p < 4096)).toBe(true);
    });
});
