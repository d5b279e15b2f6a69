// The compiled program representation: every body of guest instructions (a program, an OS's
// syscall or driver, a hypervisor handler) compiled once per host into a `Code` of `Instr`
// objects with resolved operands. The interpreter switches over `Instr.op`; nothing in the
// hot loop looks at a string or at the AST.
import { AstUtils, type AstNode } from 'langium';
import type { Label, Operand, Statement } from '../../language/generated/ast.js';
import { HW_COMMANDS, PRIVILEGED, REVEALING, SENSITIVE_UNPRIVILEGED, type HwCommandInfo } from '../../language/isa.js';
import type { SourceLocation } from '../result.js';

import { F_NONE, fastForm } from './fast-forms.js';
import { K, OP, type OpName } from './opcodes.js';

export { K, OP, OP_NAMES, type OpName } from './opcodes.js';

/**
 * Hardware commands (language/isa.ts HW_COMMANDS) as small integers: `hw NAME(...)` is resolved
 * once at compile time, so a trap's handler never looks a command up by name.
 */
export const HW = {
    io_write: 0, io_read: 1, halt: 2, yield: 3, timer: 4, mmu_load: 5, mmu_flush: 6, idt_load: 7,
    set_if: 8, get_flags: 9, set_flags: 10, cpu_id: 11, read_tsc: 12, shutdown: 13, emulate: 14,
    idt_base: 15, inject: 16, pte_write: 17, shadow_fill: 18, shadow_update: 19, pte_decode: 20, ept_map: 21,
    pte_write_batch: 22,
} as const;
/** HW_COMMANDS' entries by HW index. */
export const HW_INFO: HwCommandInfo[] = [];
for (const [name, index] of Object.entries(HW)) HW_INFO[index] = HW_COMMANDS[name];
for (const name of Object.keys(HW_COMMANDS)) {
    // a command added to the ISA must be given its number here (and its meaning in machine/hardware.ts)
    if (!(name in HW)) throw new Error(`simulator/cpu/code.ts: hardware command '${name}' has no HW index`);
}

export const SP = 8;
export const REGISTER_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'sp'];

/** Sensitivity class of an opcode (language/isa.ts). */
export const CLS_SIMPLE = 0;
export const CLS_PRIVILEGED = 1;
export const CLS_SENSITIVE = 2;
export const CLS_REVEALING = 3;

/** One compiled instruction. Every instance has the same shape (monomorphic for V8). */
export interface Instr {
    op: number;
    /** Fast form (fast-forms.ts), decided from the operand kinds: the exact interpreter's inner loop. */
    fast: number;
    cls: number;
    /** First and second operand (kind, value); for `load`/`store` the memory operand's address is in `m*`. */
    ak: number;
    av: number;
    bk: number;
    bv: number;
    mk: number;
    mv: number;
    /** Jump / call target as an instruction index. */
    target: number;
    /** syscall / hypercall / hw name (resolved by the engine per VM). */
    name: string;
    /** `hw`: the command's HW index; −1 for an unknown command or another instruction. */
    hw: number;
    /** Arguments of syscall / hypercall / hw: kinds and values. */
    argk: number[];
    argv: number[];
    /** Where it is in the source. */
    loc: SourceLocation;
    /** A breakpoint is set on this instruction's line (maintained by the engine). */
    bp: boolean;
}

export type CodeKind = 'program' | 'syscall' | 'handler' | 'driver';

export interface Code {
    id: number;
    kind: CodeKind;
    /** `countdown`, `linux.write`, `full.io_out`, `linux.io_write`. */
    name: string;
    file: string;
    params: string[];
    instrs: Instr[];
    /** Basic block starts (binary translation caches per block). */
    leaders: Uint8Array;
    /** Number of basic blocks; leaders are numbered in `blockOf`. */
    blockOf: Int32Array;
    blocks: number;
    /**
     * Every `call` and `ret` is stepped by the machine, which charges their own costs (`call`,
     * `ret`, binary translation's `ret_bt`): set when those differ from `instruction` on the
     * code's host. Unset: they cost one instruction and executors may run them inline.
     */
    steppedCalls?: boolean;
    /** The host it was compiled for (its index in the model): its technique decides what the stepped instructions do. */
    host?: number;
}

/** Strings and their indices, shared by every code of a simulation. */
export class StringTable {
    readonly strings: string[] = [];
    private readonly index = new Map<string, number>();
    intern(s: string): number {
        let i = this.index.get(s);
        if (i === undefined) {
            i = this.strings.length;
            this.strings.push(s);
            this.index.set(s, i);
        }
        return i;
    }
}

export interface CompileContext {
    strings: StringTable;
    /** The host's devices by name. */
    devices: Map<string, number>;
    nextId: () => number;
}

export function locationOf(node: AstNode): SourceLocation {
    const start = node.$cstNode?.range.start;
    let file = '<unknown>';
    try {
        file = AstUtils.getDocument(node).uri.fsPath;
    } catch {
        // a node without a document: only in hand-built ASTs
    }
    return { file, line: (start?.line ?? 0) + 1, column: (start?.character ?? 0) + 1 };
}

function classOf(opcode: string): number {
    if (PRIVILEGED.has(opcode)) return CLS_PRIVILEGED;
    if (SENSITIVE_UNPRIVILEGED.has(opcode)) return CLS_SENSITIVE;
    if (REVEALING.has(opcode)) return CLS_REVEALING;
    return CLS_SIMPLE;
}

const ENDS_BLOCK = new Set<number>([OP.jmp, OP.jz, OP.jnz, OP.je, OP.jne, OP.jl, OP.jle, OP.jg, OP.jge, OP.call, OP.ret, OP.hlt, OP.iret]);

/** Compiles one body. Labels resolve to the index of the instruction after them. */
export function compileBody(
    ctx: CompileContext,
    kind: CodeKind,
    name: string,
    owner: AstNode,
    body: Statement[],
    params: string[],
): Code {
    const labelIndex = new Map<Label, number>();
    let count = 0;
    for (const statement of body) {
        if (statement.$type === 'Label') labelIndex.set(statement as Label, count);
        else count++;
    }
    const instrs: Instr[] = [];
    const labels = new Map<string, number>();
    for (const [label, index] of labelIndex) if (!labels.has(label.name)) labels.set(label.name, index);
    const operand = (o: Operand | undefined): [number, number] => compileOperand(ctx, params, o, labels);
    for (const statement of body) {
        if (statement.$type === 'Label') continue;
        const s = statement as any;
        const opcode: string = s.$type === 'SyscallCall' ? 'syscall' : s.$type === 'HypercallCall' ? 'hypercall' : s.$type === 'HwCommand' ? 'hw' : s.opcode;
        const instr: Instr = {
            op: OP[opcode as OpName], fast: F_NONE, cls: classOf(opcode),
            ak: K.none, av: 0, bk: K.none, bv: 0, mk: K.none, mv: 0,
            target: -1, name: '', hw: -1, argk: [], argv: [], loc: locationOf(statement), bp: false,
        };
        if (s.$type === 'Jump') {
            const label = s.target?.ref as Label | undefined;
            instr.target = label ? (labelIndex.get(label) ?? -1) : -1;
        } else if (s.$type === 'SyscallCall' || s.$type === 'HypercallCall' || s.$type === 'HwCommand') {
            instr.name = s.name;
            if (s.$type === 'HwCommand') instr.hw = Object.hasOwn(HW, s.name) ? HW[s.name as keyof typeof HW] : -1;
            for (const arg of s.args as Operand[]) {
                const [k, v] = operand(arg);
                instr.argk.push(k);
                instr.argv.push(v);
            }
        } else {
            for (const [field, slot] of [['a', 0], ['b', 1]] as const) {
                const o = s[field] as Operand | undefined;
                if (!o) continue;
                let k: number;
                let v: number;
                if (o.$type === 'Memory') {
                    [instr.mk, instr.mv] = operand(o.address);
                    [k, v] = [K.none, 0];
                } else [k, v] = operand(o);
                if (slot === 0) [instr.ak, instr.av] = [k, v];
                else [instr.bk, instr.bv] = [k, v];
            }
        }
        instrs.push(instr);
    }
    for (const instr of instrs) instr.fast = fastForm(instr, instrs.length);
    const leaders = new Uint8Array(instrs.length + 1);
    leaders[0] = 1;
    for (const index of labelIndex.values()) leaders[index] = 1;
    instrs.forEach((instr, i) => {
        if (ENDS_BLOCK.has(instr.op)) leaders[i + 1] = 1;
    });
    const blockOf = new Int32Array(instrs.length + 1);
    let blocks = 0;
    for (let i = 0; i <= instrs.length; i++) {
        if (leaders[i]) blocks++;
        blockOf[i] = blocks - 1;
    }
    return { id: ctx.nextId(), kind, name, file: locationOf(owner).file, params, instrs, leaders, blockOf, blocks };
}

function compileOperand(ctx: CompileContext, params: string[], o: Operand | undefined, labels?: Map<string, number>): [number, number] {
    if (!o) return [K.none, 0];
    switch (o.$type) {
        case 'Register':
            return [K.reg, REGISTER_NAMES.indexOf(o.reg)];
        case 'Immediate':
            return [K.imm, (o.negative ? -o.value : o.value) | 0];
        case 'StringLit':
            return [K.str, ctx.strings.intern(o.value)];
        case 'NameRef': {
            const p = params.indexOf(o.name);
            if (p >= 0) return [K.param, p];
            const d = ctx.devices.get(o.name);
            if (d !== undefined) return [K.dev, d];
            // a label as a value: `lidt on_tick` installs the handler that starts there
            const l = labels?.get(o.name);
            if (l !== undefined) return [K.label, l];
            return [K.unresolved, ctx.strings.intern(o.name)];
        }
        case 'Memory':
            // a memory operand nested where it makes no sense: only its address is kept
            return compileOperand(ctx, params, o.address, labels);
    }
    return [K.none, 0];
}
