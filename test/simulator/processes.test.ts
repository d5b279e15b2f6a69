// Processes (docs/language.md, Processes): several programs on vCPU 0 of a VM with an OS. The
// OS's tick switches them round robin with an `lcr3` to the next one's directory, virtualized
// like any lcr3; each process has its own address space and user stack; a process that ends
// lets the others run; the VM halts with the last. One program per vCPU runs as it always did.
import { describe, expect, it } from 'vitest';
import { run, vm } from './helpers.js';

/** ping prints 1..4 and pong 101..103, each keeping its counter at the same virtual address. */
const PROGRAMS = `
program ping {
        mov r1, 0
next:   inc r1
        store [0x400000], r1
        mov r2, 20000
spin:   dec r2
        jnz spin
        load r3, [0x400000]
        syscall write(com1, r3)
        cmp r1, 4
        jl next
}
program pong {
        mov r1, 100
next:   inc r1
        store [0x400000], r1
        mov r2, 30000
spin:   dec r2
        jnz spin
        load r3, [0x400000]
        syscall write(com1, r3)
        cmp r1, 103
        jl next
}
`;

/** A one-core box under `technique` (`native`: no hypervisor) running `runs` under linux. */
function system(technique: string, runs: string, ext = '', memory = '16 MiB'): string {
    const hw = `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB ${ext} device com1: serial }\n`;
    if (technique === 'native') return `${hw}vm os: linux on box { memory ${memory} ${runs} }\n${PROGRAMS}`;
    return `${hw}hypervisor hv: type1 on box { virtualization ${technique} }\nvm os: linux on hv { memory ${memory} devices com1 ${runs} }\n${PROGRAMS}`;
}

const TWO = 'run ping run pong';
const INTERLEAVED = '1\n101\n2\n3\n102\n4\n103\n';

describe('processes: two programs on one vCPU', () => {
    it.each([
        // technique, extensions, context switches, cr exits (the boot's lcr3 + one per tick), total cycles
        // (the monitor's paging handlers run their instructions: 1 per EPT violation, 3–4 per hidden
        // page fault, 1–2 per page-table store)
        ['hardware', 'extensions vtx', 21, 28, 476940],
        ['hardware', 'extensions vtx, ept', 19, 0, 417599],
        ['full', '', 21, 28, 476988],
        ['binary', '', 23, 26, 472698],
        ['native', '', 17, 0, 356267],
    ])('under %s %s: interleaved on the console, %i switches, %i cr exits, %i cycles', async (technique, ext, switches, cr, total) => {
        const { result } = await run(system(technique, TWO, ext));
        const os = vm(result, 'os');
        expect(os.status).toBe('halted');
        expect(os.console).toBe(technique === 'binary' ? '1\n101\n2\n102\n3\n4\n103\n' : INTERLEAVED);
        expect(os.processes).toEqual({ count: 2, switches });
        expect(os.exits.cr ?? 0).toBe(cr);
        expect(os.cycles.total).toBe(total);
        // each process mapped its own page at 0x400000 (its own directory), and read back its own value
        expect(os.memory.guestPageFaults).toBe(2);
        // every tick's handler loads a directory: under shadow paging each lcr3 is one cr exit
        if (cr > 0) expect(cr).toBe(os.interrupts.delivered + 1);
        expect(os.interrupts.delivered).toBeGreaterThanOrEqual(switches);
    });

    it('under para, xenlinux switches the paravirtual way: every tick a hypercall mmuext_op, no cr exit', async () => {
        const text = system('para', TWO).replace('vm os: linux', 'vm os: xenlinux');
        const exact = (await run(text, { engine: 'exact' })).result;
        const fast = (await run(text, { engine: 'fast' })).result;
        expect(fast.vms).toEqual(exact.vms);
        const os = vm(exact, 'os');
        expect(os.status).toBe('halted');
        expect(os.console).toBe(INTERLEAVED);
        expect(os.processes).toEqual({ count: 2, switches: 21 });
        expect(os.exits.cr ?? 0).toBe(0);
        // the boot's MMUEXT_NEW_BASEPTR, then one per tick; mmu_update: pong's directory hooks its
        // low table; each process's page fault a table and an entry, in its own directory, as one
        // mmu_update_batch of two
        expect(os.hypercalls).toMatchObject({ mmuext_op: os.interrupts.delivered + 1, mmu_update: 1, mmu_update_batch: 2 });
        expect(os.interrupts.delivered).toBe(23);
        expect(os.memory.guestPageFaults).toBe(2);
        expect(os.memory.refused).toBe(0);
        expect(os.cycles.total).toBe(431084);
    });

    it('the two engines give the same figures', async () => {
        const exact = (await run(system('hardware', TWO, 'extensions vtx'), { engine: 'exact' })).result;
        const fast = (await run(system('hardware', TWO, 'extensions vtx'), { engine: 'fast' })).result;
        expect(fast.vms).toEqual(exact.vms);
    });

    it('one program per vCPU: no tick, no processes, the figures of a lone program', async () => {
        const { result } = await run(system('hardware', 'run ping', 'extensions vtx'));
        const os = vm(result, 'os');
        expect(os.console).toBe('1\n2\n3\n4\n');
        expect(os.processes).toBeUndefined();
        expect(os.interrupts.raised).toBe(0);
        expect(os.exits.cr).toBe(1);
    });
});

describe('processes: ending', () => {
    const THREE = `
hardware box { cpu 1 cores @ 1 GHz memory 1 GiB extensions vtx device com1: serial }
hypervisor hv: type1 on box { virtualization hardware }
vm os: linux on hv { memory 16 MiB devices com1 run a run b run c }
program a {
        push 7
        mov r2, 50000
spin:   dec r2
        jnz spin
        pop r1
        syscall write(com1, r1)
        syscall exit(0)
        syscall write(com1, "after exit")
}
program b {
        push 8
        mov r2, 20000
spin:   dec r2
        jnz spin
        pop r1
        syscall write(com1, r1)
}
program c {
        push 9
        mov r2, 90000
spin:   dec r2
        jnz spin
        pop r1
        syscall write(com1, r1)
        syscall exit(0)
}`;

    it('a process that exits or runs off its end lets the others run; the VM halts with the last', async () => {
        const { result } = await run(THREE);
        const os = vm(result, 'os');
        // b ends first (off its end), then a (exit: never returns), then c; each popped its own stack
        expect(os.console).toBe('8\n7\n9\n');
        expect(os.status).toBe('halted');
        expect(os.processes?.count).toBe(3);
        expect(os.processes?.switches).toBeGreaterThan(10);
    });

    it('under 2 MiB (no paging) the kernel switches nothing: the programs run one after another', async () => {
        const { result } = await run(THREE.replace('memory 16 MiB', 'memory 1 MiB'));
        const os = vm(result, 'os');
        expect(os.console).toBe('7\n8\n9\n');
        // no lcr3: the only switches are to the next process when one ends
        expect(os.processes).toEqual({ count: 3, switches: 2 });
    });
});

describe('processes: a program that arms its own timer', () => {
    // `watch` arms a one-shot alarm 3,000 cycles on, then re-arms a watchdog 100,000 cycles on at
    // every turn; the processes' tick (every 20,000) has its own slot and keeps switching
    const ALARM = `
hardware box { cpu 1 cores @ 1 GHz memory 1 GiB extensions vtx device com1: serial device t0: timer }
hypervisor hv: type1 on box { virtualization hardware }
os alarmed: linux {
    syscall alarm(delay) {
        out t0, delay
    }
}
vm os: alarmed on hv { memory 16 MiB devices com1, t0 run watch run other }
program watch {
        syscall alarm(3000)
        mov r2, 6000
wait:   dec r2
        jnz wait
        mov r1, 0
next:   inc r1
        syscall alarm(100000)
        mov r2, 6000
spin:   dec r2
        jnz spin
        syscall write(com1, r1)
        cmp r1, 8
        jl next
}
program other {
        mov r1, 100
next:   inc r1
        mov r2, 7000
spin:   dec r2
        jnz spin
        syscall write(com1, r1)
        cmp r1, 106
        jl next
}`;

    it('its alarm fires and the tick still switches processes, on both engines', async () => {
        for (const engine of ['exact', 'fast'] as const) {
            const os = vm((await run(ALARM, { engine })).result, 'os');
            // the alarm at 3,000 switched to `other` before the first tick; then the tick interleaves them
            // (the watchdog used to replace the tick: `watch` ran to its end before `other` printed)
            expect(os.console, engine).toBe('101\n1\n102\n2\n103\n3\n104\n4\n105\n5\n106\n6\n7\n8\n');
            expect(os.status).toBe('halted');
            expect(os.processes?.switches).toBeGreaterThan(10);
        }
        // without the alarm the first tick comes at 20,000: `watch` prints first
        const quiet = vm((await run(ALARM.replace('alarm(3000)', 'alarm(0)'))).result, 'os');
        expect(quiet.console.startsWith('1\n101\n')).toBe(true);
        expect(quiet.interrupts.raised).toBeLessThan(vm((await run(ALARM)).result, 'os').interrupts.raised);
    });
});
