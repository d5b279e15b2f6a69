// Demand paging on both engines (issue 13's page-fault-heavy program, small): a linux program
// touching fresh pages, each touch a page fault its kernel's `page_fault` maps (the fault raised
// without a throw, instruction.ts), then a read fault and a segmentation fault — under nested
// paging, shadow paging (VT-x without EPT, trap-and-emulate, binary translation) and natively.
// The same console, status, counters, cycles and final state, run to the end and in lockstep.
import { describe, expect, it } from 'vitest';
import { both, errorsOf, fastStats, lockstep, workspaceOf } from './compare.js';

const PAGES = 150;

function scenario(technique: string, extensions: string): string {
    const native = technique === 'native';
    const hv = native ? '' : `hypervisor hv: type1 on box { virtualization ${technique} }\n`;
    return `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB extensions ${extensions} device com1: serial }
${hv}program touch {
        mov r1, ${PAGES}
        mov r2, 0x10000000
fill:   store [r2], r1
        load r3, [r2]
        add r4, r3
        add r2, 4096
        dec r1
        jnz fill
        syscall write(com1, r4)
        load r5, [0x20000000]       // a read of a fresh page: mapped too
        syscall write(com1, r5)
        store [0x10], 1             // the null page: Segmentation fault
}
vm guest: linux on ${native ? 'box' : 'hv'} { memory 16 MiB ${native ? '' : 'devices com1'} run touch }
`;
}

const CASES: [string, string, string][] = [
    ['nested paging', 'hardware', 'vtx, ept, vpid'],
    ['shadow paging under VT-x', 'hardware', 'vtx'],
    ['trap-and-emulate', 'full', 'vtx'],
    ['binary translation', 'binary', 'vtx'],
    ['native', 'native', 'vtx, ept'],
];

describe('demand paging: fast engine = exact interpreter', () => {
    for (const [name, technique, extensions] of CASES) {
        it(name, async () => {
            const text = scenario(technique, extensions);
            const workspace = await workspaceOf([{ path: `/demand/${technique}.vmdef`, text }]);
            expect(errorsOf(workspace), text).toEqual([]);
            const stats = fastStats();
            const { exact, fast } = both(workspace, { maxCycles: 1e9 }, stats);
            expect(exact.error).toBeUndefined();
            expect(fast).toEqual(exact);
            const vm = (exact.result as { vms: { status: string; memory: { guestPageFaults: number } }[] }).vms[0];
            // every page a fault (the read one too), then the null page's
            expect(vm.status).toBe('faulted');
            expect(vm.memory.guestPageFaults).toBe(PAGES + 2);
            expect(exact.console.join('\n')).toContain('Segmentation fault');
            // the fast engine ran the loop and the handler translated
            expect(stats.translated).toBeGreaterThan(PAGES * 20);
            expect(lockstep(workspace, { maxCycles: 1e9, stepBudget: 7 })).toBeUndefined();
        }, 60_000);
    }
});
