// Seeded random paging scenarios for the differential tests (§11): guests that build two-level
// tables (random frames, some past the VM's memory; random present / writable / user bits), turn
// paging on (a unikernel with `lcr3`, or a user program through linux's `switch_mm`) and then
// load, store, push and pop through them in bounded loops, rewrite entries through a self-map,
// `invlpg` and reload CR3 — under every technique and paging mode, small TLBs, tagged or not.
// Deterministic: the same seed gives the same text.
import { prng, Rng } from '../helpers/prng.js';
import type { Scenario } from './random-programs.js';

const REGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
/** Virtual pages 0x400 … 0x40F are the window the tables map; 0x408 is the table itself. */
const WINDOW = 0x00400000;
const PAGES = 16;
const SELF = 8;

function tables(r: Rng, memoryBytes: number): string[] {
    const lines = ['store [0x1004], 0x2007'];
    const frames = memoryBytes / 4096;
    for (let i = 0; i < PAGES; i++) {
        if (i === SELF) {
            lines.push(`store [${0x2000 + 4 * i}], ${r.chance(0.8) ? 0x2007 : 0x2005}`);
            continue;
        }
        if (r.chance(0.15)) continue;
        // mostly a frame inside the VM (above the tables and stacks' low pages), rarely past it
        const frame = r.chance(0.95) ? r.int(4, frames - 1) : r.int(frames, frames + 64);
        const flags = 1 | (r.chance(0.8) ? 2 : 0) | (r.chance(0.85) ? 4 : 0) | (r.chance(0.2) ? 0x60 : 0);
        lines.push(`store [${0x2000 + 4 * i}], ${frame * 4096 + flags}`);
    }
    return lines;
}

function address(r: Rng): string {
    const page = r.chance(0.9) ? r.int(0, PAGES - 1) : r.int(PAGES, PAGES + 4);
    return String(WINDOW + page * 4096 + (r.int(0, 1023) << 2));
}

/** How the guest says each privileged thing: as a kernel, as user code (syscalls), as a para kernel (hypercalls). */
type Mode = 'kernel' | 'user' | 'para';
const SAY: Record<Mode, { invlpg: (a: string) => string; lcr3: string; out: (r: string) => string; end: string }> = {
    kernel: { invlpg: (a) => `invlpg ${a}`, lcr3: 'lcr3 0x1000', out: (r) => `out com1, ${r}`, end: 'hlt' },
    user: { invlpg: () => 'syscall sched_yield()', lcr3: 'syscall switch_mm(0x1000)', out: (r) => `syscall write(com1, ${r})`, end: 'syscall exit(0)' },
    para: { invlpg: (a) => `hypercall update_va_mapping(${a})`, lcr3: 'hypercall mmuext_op(0x1000)', out: (r) => `hypercall console_io(com1, ${r})`, end: 'hypercall sched_op(1, 0)' },
};

function body(r: Rng, mode: Mode, length: number): string[] {
    const say = SAY[mode];
    const lines: string[] = [];
    let loops = 0;
    for (let i = 0; i < length; i++) {
        const k = r.next();
        if (k < 0.25) lines.push(`load ${r.pick(REGS)}, [${address(r)}]`);
        else if (k < 0.45) lines.push(`store [${address(r)}], ${r.pick(REGS)}`);
        else if (k < 0.55) lines.push(`mov ${r.pick(REGS)}, ${address(r)}`);
        else if (k < 0.62) lines.push(`load ${r.pick(REGS)}, [${r.pick(REGS)}]`);
        else if (k < 0.68) lines.push(`store [${r.pick(REGS)}], ${r.int(-5, 5)}`);
        else if (k < 0.74) lines.push(`add ${r.pick(REGS)}, ${r.pick([4, 4096, -4, 1])}`);
        else if (k < 0.8) {
            // a bounded loop over consecutive words or pages
            const l = `W${loops++}`;
            const step = r.pick([4, 4096, 2048]);
            lines.push(`mov r7, ${r.int(2, 40)}`, `mov r6, ${address(r)}`, `${l}:`,
                `${r.chance(0.5) ? 'store [r6], r7' : 'load r5, [r6]'}`, `add r6, ${step}`, 'dec r7', `jnz ${l}`);
        } else if (k < 0.84) {
            // rewrite an entry through the self-map (virtual 0x00408000 is the table)
            const frame = r.chance(0.9) ? r.int(4, 31) : r.int(70000, 70010);
            lines.push(`store [${WINDOW + SELF * 4096 + 4 * r.int(0, PAGES - 1)}], ${frame * 4096 + r.pick([7, 3, 5, 1, 0])}`);
        } else if (k < 0.88) lines.push(say.invlpg(address(r)));
        else if (k < 0.9) lines.push(say.lcr3);
        else if (k < 0.94) lines.push(r.chance(0.5) ? `push ${r.pick(REGS)}` : `pop ${r.pick(REGS)}`);
        else if (k < 0.97) lines.push(say.out(r.pick(REGS)));
        else lines.push(mode === 'kernel' ? 'cpuid r0' : 'nop');
    }
    return lines;
}

export function randomPagingScenario(seed: number, tag: string): Scenario {
    const r = new Rng(prng(seed * 7919 + 17));
    const technique = r.pick(['full', 'binary', 'hardware', 'hardware', 'para'] as const);
    const kind = r.chance(0.2) ? 'type2' : 'type1';
    const ext = ['vtx', ...(r.chance(0.6) ? ['ept'] : []), ...(r.chance(0.4) ? ['vpid'] : [])];
    const tlb = r.chance(0.5) ? ` tlb ${r.pick([1, 2, 4, 8])} entries` : '';
    const walk = r.chance(0.3) ? ' walk levels 4' : '';
    const paging = technique === 'para' ? '' : technique === 'hardware' && ext.includes('ept') && r.chance(0.5) ? ' paging shadow' : '';
    const memoryBytes = r.pick([128, 256, 1024]) * 1024;
    // a user program under linux turns paging on through switch_mm; xenlinux under para
    const withOs = technique !== 'para' && r.chance(0.4);
    const hostMemory = r.chance(0.3) ? '2 MiB' : '1 GiB';
    const host = kind === 'type2' ? ' host linux' : '';
    const mode: Mode = withOs ? 'user' : technique === 'para' ? 'para' : 'kernel';
    const lines = [...tables(r, memoryBytes), SAY[mode].lcr3,
        // the stacks are below the window: give them a page in it
        `mov sp, ${WINDOW + 3 * 4096 + 2048}`, ...body(r, mode, r.int(10, 50)), SAY[mode].end];
    const text = `hardware h_${tag} { cpu ${r.int(1, 2)} cores memory ${hostMemory} device com1: serial extensions ${ext.join(', ')}${tlb}${walk} }
hypervisor hv_${tag}: ${kind} on h_${tag} { virtualization ${technique}${host}${paging} overcommit cpu 2.0, memory 2.0 }
vm v_${tag}${withOs ? ': linux' : ''} on hv_${tag} { memory ${memoryBytes / 1024} KiB devices com1 run p_${tag} }
vm w_${tag}${withOs ? ': linux' : ''} on hv_${tag} { memory ${memoryBytes / 1024} KiB devices com1 run p_${tag} }
program p_${tag} {
${lines.map((l) => (l.endsWith(':') ? l : `    ${l}`)).join('\n')}
}
`;
    return { text, maxCycles: 3_000_000, technique, kind };
}
