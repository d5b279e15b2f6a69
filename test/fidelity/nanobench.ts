// Nanobenchmarks of LANGUAGE.md §14 (Adams & Agesen, ASPLOS 2006, figure 4): each row is one
// operation, measured in .vmdef as a loop with the operation minus the same loop without it,
// divided by the operations run — natively, under binary translation and under VT-x (and under
// trap-and-emulate, which the paper does not have), on a 3.8 GHz Pentium 4 (`costs p4_2006`).
// The memory rows (page fault, ptemod) run with paging on (§11): shadow paging under binary
// translation, VT-x without EPT and trap-and-emulate, and under paravirtualization with Xen's
// direct paging, whose kernel writes its tables with `mmu_update` (the paper has no para column).
// Adding a row is one line in ROWS: its operation, the paper's figures, and whether it runs
// in user mode under an OS (whose syscall `nop` does nothing) or as a kernel without OS.
import { checkWorkspace, diagnosticsOf } from '../../language/workspace.js';
import { Simulation } from '../../simulator/engine.js';
import type { EngineName } from '../../simulator/executor.js';

export type Technique = 'native' | 'binary' | 'hardware' | 'full' | 'para';
export const TECHNIQUES: readonly Technique[] = ['native', 'binary', 'hardware', 'full', 'para'];
/** The paper's columns (full has none). */
export const PAPER_COLUMNS = ['native', 'binary', 'hardware'] as const;
export type PaperColumn = (typeof PAPER_COLUMNS)[number];

/** A paper figure: cycles, and whether the paper's table marks it approximate (≈: only the order counts). */
export interface Figure {
    cycles: number;
    approx: boolean;
}

/** What a row runs: its operation and the code around it. */
export interface Variant {
    /** The operation, one or more instructions (`\n` between them), run once per loop turn. */
    op: string;
    /** Instructions after the loop, reachable only from `op` (a subroutine, a handler). */
    after: string;
    /** Instructions before the loop, in both variants (installing a handler table). */
    setup: string;
}

export interface Row extends Variant {
    name: string;
    /** Operations per loop turn (cli + sti: 2 interrupt-mask writes). */
    ops: number;
    /** User code under an OS (syscalls); else the program is the kernel. */
    user: boolean;
    /** The row under paravirtualization (a Xen kernel's own code), if it has one. */
    para?: Variant;
    paper: Record<PaperColumn, Figure>;
}

/** `242` exact, `'≈2300'` approximate. */
type Paper = number | `≈${number}`;
const fig = (p: Paper): Figure => (typeof p === 'number' ? { cycles: p, approx: false } : { cycles: Number(p.slice(1)), approx: true });
function row(name: string, [native, binary, hardware]: [Paper, Paper, Paper], op: string, options: { ops?: number; user?: boolean; after?: string; setup?: string; para?: Variant } = {}): Row {
    return { name, op, ops: options.ops ?? 1, user: options.user ?? false, after: options.after ?? '', setup: options.setup ?? '', para: options.para, paper: { native: fig(native), binary: fig(binary), hardware: fig(hardware) } };
}

// The memory rows' kernel: directory 0x1000, whose slot 1 (virtual 0x00400000–0x007FFFFF) is the
// table at 0x2000; virtual 0x00400000 is frame 0x10, 0x00404000 is not mapped, and 0x00408000
// is the table itself (a self-map: the kernel edits its entries through it); then paging on.
const TABLES = 'store [0x1004], 0x2007\nstore [0x2000], 0x10007\nstore [0x2020], 0x2003';
const PAGING = `${TABLES}\nlcr3 0x1000`;
// Xen's direct paging: the hypervisor loads the tables (and write-protects them), the trap table
// is a hypercall too
const XEN_PAGING = `${TABLES}\nhypercall mmuext_op(0x1000)`;
// a load from the unmapped page faults; the handler points r4 at a mapped page and returns, and
// the load runs again, and succeeds (a true page fault: the guest's own tables say not present).
// No para form: a Xen kernel without OS has no `lidt` table sharing the faulting code's registers.
const PAGE_FAULT = { op: 'mov r4, 0x00404000\nload r2, [r4]', after: 'on_fault: mov r4, 0x00400000\niret' };
const PTEMOD = 'store [0x00408004], 0x11007';

export const ROWS: Row[] = [
    row('syscall', [242, '≈2300', 242], 'syscall nop()', { user: true }),
    row('in', [3209, 215, 15826], 'in r2, com1'),
    row('cr8wr (cli/sti)', ['≈140', 35, '≈140'], 'cli\nsti', { ops: 2 }),
    row('call/ret', [11, 51, 11], 'call sub', { after: 'sub: ret' }),
    // the handler makes the divisor 1 and returns: the division runs again, and succeeds
    row('divide by zero', [889, 3223, 1014], 'mov r4, 0\ndiv r2, r4', { setup: 'lidt on_fault', after: 'on_fault: mov r4, 1\niret' }),
    row('page fault', [1093, 3927, 11242], PAGE_FAULT.op, {
        setup: `${PAGING}\nlidt on_fault`,
        after: PAGE_FAULT.after,
    }),
    // a page-table entry written (entry 1: virtual 0x00401000 → frame 0x11), natively a store
    row('ptemod', ['≈1', 391, 12733], PTEMOD, {
        setup: PAGING,
        para: { op: 'hypercall mmu_update(0x2004, 0x11007)', after: '', setup: XEN_PAGING },
    }),
];

/** Loop turns per measurement: large enough that a block translated once is noise (< 1 cycle). */
export const TURNS = 5000;

function program(name: string, v: Variant, withOp: boolean): string {
    return `program ${name} {\n${v.setup}\n    mov r1, ${TURNS}\nloop:\n${withOp ? v.op : 'nop'}\n    dec r1\n    jnz loop\n    jmp done\n${v.after}\ndone: nop\n}\n`;
}

/** The techniques a row runs under: para only where it has a paravirtual form. */
export const techniquesOf = (r: Row): Technique[] => TECHNIQUES.filter((t) => t !== 'para' || r.para !== undefined);

/** One hardware and VM per technique and variant (one native VM per hardware, one hypervisor). */
function definition(r: Row): string {
    const parts = ['os benchos { syscall nop() { } }'];
    for (const t of techniquesOf(r)) {
        for (const withOp of [false, true]) {
            const id = `${t}_${withOp ? 'op' : 'base'}`;
            parts.push(`hardware hw_${id} { cpu 1 cores @ 3.8 GHz memory 1 GiB extensions vtx device com1: serial costs p4_2006 }`);
            const os = r.user ? ': benchos' : '';
            if (t === 'native') parts.push(`vm vm_${id}${os} on hw_${id} { memory 64 MiB run p_${id} }`);
            else {
                parts.push(`hypervisor hv_${id}: type1 on hw_${id} { virtualization ${t} }`);
                parts.push(`vm vm_${id}${os} on hv_${id} { memory 64 MiB devices com1 run p_${id} }`);
            }
            parts.push(program(`p_${id}`, t === 'para' ? r.para! : r, withOp));
        }
    }
    return parts.join('\n');
}

/** Cycles per operation; `para` only for the rows that have a paravirtual form. */
export type Measured = Record<Exclude<Technique, 'para'>, number> & { para?: number };

/** Cycles per operation of a row under each technique, on one engine. */
export async function measure(r: Row, engine: EngineName): Promise<Measured> {
    const workspace = await checkWorkspace([{ path: '/virtual/fidelity.vmdef', text: definition(r) }]);
    const errors = diagnosticsOf(workspace.documents[0]).filter((d) => d.severity === 1);
    if (errors.length) throw new Error(`nanobenchmark ${r.name}: ${errors.map((e) => `${e.range.start.line + 1}: ${e.message}`).join('; ')}`);
    const result = Simulation.create(workspace, { engine }).run();
    const cycles = (name: string) => {
        const vm = result.vms.find((v) => v.name === name)!;
        if (vm.status !== 'halted') throw new Error(`nanobenchmark ${r.name}: ${name} ${vm.status} ${vm.stop?.reason ?? ''}`);
        return vm.cycles.total;
    };
    const measured = {} as Measured;
    // the op replaces a nop (1 cycle), which is added back
    for (const t of techniquesOf(r)) measured[t] = Math.round(((cycles(`vm_${t}_op`) - cycles(`vm_${t}_base`)) / TURNS + 1) / r.ops);
    return measured;
}

const format = (n: number): string => n.toLocaleString('en-US');
const paperText = (f: Figure): string => `${f.approx ? '≈ ' : ''}${format(f.cycles)}`;

/** The README's table: paper vs measured, cycles per operation (para only where a row has a paravirtual form). */
export function fidelityTable(rows: { row: Row; measured: Measured }[]): string {
    const lines = [
        '| nanobenchmark | native: paper / measured | binary translation: paper / measured | VT-x: paper / measured | trap-and-emulate: measured | para: measured |',
        '|---|---|---|---|---|---|',
    ];
    for (const { row: r, measured: m } of rows) {
        const cells = PAPER_COLUMNS.map((c) => `${paperText(r.paper[c])} / ${format(m[c])}`);
        lines.push(`| ${r.name} | ${cells.join(' | ')} | ${format(m.full)} | ${m.para === undefined ? '—' : format(m.para)} |`);
    }
    return lines.join('\n');
}
