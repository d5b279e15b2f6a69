// The compiled program representation: every body of guest instructions (a program, an OS's
// syscall or driver, a hypervisor handler) compiled once per host into a `Code` of `Instr`
// objects with resolved operands. The interpreter switches over `Instr.op`; nothing in the
// hot loop looks at a string or at the AST.
import { AstUtils, type AstNode } from 'langium';
import type { Label, Operand, Statement } from '../../language/generated/ast.js';
import { HW_COMMANDS, PRIVILEGED, REVEALING, SENSITIVE_UNPRIVILEGED, type HwCommandInfo } from '../../language/isa.js';
import type { SourceLocation } from '../result.js';

/** Opcodes: one small integer per instruction of LANGUAGE.md §4, plus `syscall`, `hypercall`, `hw`. */
export const OP = {
    nop: 0, mov: 1, add: 2, sub: 3, mul: 4, div: 5, mod: 6, and: 7, or: 8, xor: 9, shl: 10, shr: 11,
    inc: 12, dec: 13, cmp: 14, load: 15, store: 16, push: 17, pop: 18,
    jmp: 19, jz: 20, jnz: 21, je: 22, jne: 23, jl: 24, jle: 25, jg: 26, jge: 27, call: 28, ret: 29,
    syscall: 30, in: 31, out: 32, hlt: 33, cli: 34, sti: 35, lcr3: 36, invlpg: 37, lidt: 38,
    popf: 39, pushf: 40, sgdt: 41, sidt: 42, smsw: 43, cpuid: 44, rdtsc: 45,
    hypercall: 46, hw: 47,
} as const;
export type OpName = keyof typeof OP;
export const OP_NAMES: string[] = Object.keys(OP);

/**
 * Hardware commands (language/isa.ts HW_COMMANDS) as small integers: `hw NAME(...)` is resolved
 * once at compile time, so a trap's handler never looks a command up by name.
 */
export const HW = {
    io_write: 0, io_read: 1, halt: 2, yield: 3, timer: 4, mmu_load: 5, mmu_flush: 6, idt_load: 7,
    set_if: 8, get_flags: 9, set_flags: 10, cpu_id: 11, read_tsc: 12, shutdown: 13, emulate: 14,
} as const;
/** HW_COMMANDS' entries by HW index. */
export const HW_INFO: HwCommandInfo[] = [];
for (const [name, index] of Object.entries(HW)) HW_INFO[index] = HW_COMMANDS[name];
for (const name of Object.keys(HW_COMMANDS)) {
    // a command added to the ISA must be given its number here (and its meaning in machine.ts)
    if (!(name in HW)) throw new Error(`simulator/cpu/code.ts: hardware command '${name}' has no HW index`);
}

/** Operand kinds. */
export const K = {
    none: 0,
    /** A register: value 0–7 for r0–r7, 8 for sp. */
    reg: 1,
    /** An integer. */
    imm: 2,
    /** A string: value is its index in the simulation's string table. */
    str: 3,
    /** A device of the host: value is its index in the host's device list. */
    dev: 4,
    /** A parameter of the syscall or handler: value is its index. */
    param: 5,
    /** A name that is neither a parameter nor a device of this host: a guest fault when used. */
    unresolved: 6,
} as const;

export const SP = 8;
export const REGISTER_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'sp'];

/** Sensitivity class of an opcode (language/isa.ts). */
export const CLS_SIMPLE = 0;
export const CLS_PRIVILEGED = 1;
export const CLS_SENSITIVE = 2;
export const CLS_REVEALING = 3;

/**
 * Fast forms: a simple instruction with its operand shapes decided at compile time, so the
 * interpreter's inner loop needs no operand-kind tests. F_NONE: use the general path.
 */
export const F = {
    NONE: 0, NOP: 1, MOV_RR: 2, MOV_RI: 3, ADD_RR: 4, ADD_RI: 5, SUB_RR: 6, SUB_RI: 7,
    ALU_RR: 8, ALU_RI: 9, INC: 10, DEC: 11, CMP_RR: 12, CMP_RI: 13, JMP: 14, JZ: 15, JNZ: 16, JL: 17, JLE: 18, JG: 19, JGE: 20,
    AND_RR: 21, AND_RI: 22, OR_RR: 23, OR_RI: 24, XOR_RR: 25, XOR_RI: 26, SHL_RR: 27, SHL_RI: 28,
    SHR_RR: 29, SHR_RI: 30, MUL_RR: 31, MUL_RI: 32,
    /** load reg, [reg|imm] and store [reg|imm], reg|imm: in the interpreter only for a page already there. */
    LOAD: 33, STORE: 34,
} as const;

/** One compiled instruction. Every instance has the same shape (monomorphic for V8). */
export interface Instr {
    op: number;
    /** Fast form (F), decided from the operand kinds. */
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

const ENDS_BLOCK = new Set<number>([OP.jmp, OP.jz, OP.jnz, OP.je, OP.jne, OP.jl, OP.jle, OP.jg, OP.jge, OP.call, OP.ret, OP.hlt]);

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
    const operand = (o: Operand | undefined): [number, number] => compileOperand(ctx, params, o);
    for (const statement of body) {
        if (statement.$type === 'Label') continue;
        const s = statement as any;
        const opcode: string = s.$type === 'SyscallCall' ? 'syscall' : s.$type === 'HypercallCall' ? 'hypercall' : s.$type === 'HwCommand' ? 'hw' : s.opcode;
        const instr: Instr = {
            op: OP[opcode as OpName], fast: F.NONE, cls: classOf(opcode),
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

function compileOperand(ctx: CompileContext, params: string[], o: Operand | undefined): [number, number] {
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
            return [K.unresolved, ctx.strings.intern(o.name)];
        }
        case 'Memory':
            // a memory operand nested where it makes no sense: only its address is kept
            return compileOperand(ctx, params, o.address);
    }
    return [K.none, 0];
}

const ALU_OPS = new Set<number>([OP.add, OP.sub, OP.mul, OP.div, OP.mod, OP.and, OP.or, OP.xor, OP.shl, OP.shr]);

const isValue = (k: number): boolean => k === K.reg || k === K.imm;

function fastForm(i: Instr, length: number): number {
    const rr = i.ak === K.reg && i.bk === K.reg;
    const ri = i.ak === K.reg && i.bk === K.imm;
    switch (i.op) {
        case OP.nop: return F.NOP;
        case OP.mov: return rr ? F.MOV_RR : ri ? F.MOV_RI : F.NONE;
        case OP.add: return rr ? F.ADD_RR : ri ? F.ADD_RI : F.NONE;
        case OP.sub: return rr ? F.SUB_RR : ri ? F.SUB_RI : F.NONE;
        case OP.inc: return i.ak === K.reg ? F.INC : F.NONE;
        case OP.dec: return i.ak === K.reg ? F.DEC : F.NONE;
        case OP.cmp: return rr ? F.CMP_RR : ri ? F.CMP_RI : F.NONE;
        case OP.and: return rr ? F.AND_RR : ri ? F.AND_RI : F.NONE;
        case OP.or: return rr ? F.OR_RR : ri ? F.OR_RI : F.NONE;
        case OP.xor: return rr ? F.XOR_RR : ri ? F.XOR_RI : F.NONE;
        case OP.shl: return rr ? F.SHL_RR : ri ? F.SHL_RI : F.NONE;
        case OP.shr: return rr ? F.SHR_RR : ri ? F.SHR_RI : F.NONE;
        case OP.mul: return rr ? F.MUL_RR : ri ? F.MUL_RI : F.NONE;
        case OP.load: return i.ak === K.reg && isValue(i.mk) ? F.LOAD : F.NONE;
        case OP.store: return isValue(i.mk) && isValue(i.bk) ? F.STORE : F.NONE;
    }
    // div and mod: the general ALU form, which checks for #DE first
    if (ALU_OPS.has(i.op)) return rr ? F.ALU_RR : ri ? F.ALU_RI : F.NONE;
    if (i.target < 0 || i.target >= length) return F.NONE;
    if (i.op === OP.jmp) return F.JMP;
    if (i.op === OP.jz || i.op === OP.je) return F.JZ;
    if (i.op === OP.jnz || i.op === OP.jne) return F.JNZ;
    if (i.op === OP.jl) return F.JL;
    if (i.op === OP.jle) return F.JLE;
    if (i.op === OP.jg) return F.JG;
    if (i.op === OP.jge) return F.JGE;
    return F.NONE;
}
