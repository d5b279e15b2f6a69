// Which instructions the fast engine translates, and how a body splits into translation blocks.
//
// A translation block is a run of translatable instructions entered only at its first one. It
// starts at every basic-block leader of `Code` (pc 0, labels, after a jump / call / ret / hlt —
// so binary translation's per-leader `translate` charge always falls on a block start), at every
// instruction the engine must step itself (anything that touches the machine beyond registers,
// memory and the frame's call stack: syscalls, sensitive instructions, hw commands, operands
// that are parameters, strings or devices, a jump to an undefined label), and right after it.
// Only blocks are compiled; everything else runs through `Machine.step`, the shared semantics.
import { K, OP, type Code, type Instr } from '../cpu/code.js';

/** The longest translation block (instructions). */
export const MAX_BLOCK = 256;

const CONDITIONAL = new Set<number>([OP.jz, OP.jnz, OP.je, OP.jne, OP.jl, OP.jle, OP.jg, OP.jge]);
const ALU2 = new Set<number>([OP.add, OP.sub, OP.mul, OP.div, OP.mod, OP.and, OP.or, OP.xor, OP.shl, OP.shr]);

export function isJump(op: number): boolean {
    return op === OP.jmp || CONDITIONAL.has(op);
}

export function isMemoryAccess(op: number): boolean {
    return op === OP.load || op === OP.store || op === OP.push || op === OP.pop;
}

export function isAlu(op: number): boolean {
    return ALU2.has(op);
}

const isReg = (k: number, v: number): boolean => k === K.reg && Number.isInteger(v) && v >= 0 && v <= 8;
const isImm = (k: number, v: number): boolean => k === K.imm && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
/** A parameter read as a value (`mov r1, address` in a fault handler): the frame's `pv`, as the machine's `read`. */
export const MAX_PARAM = 1023;
const isParam = (k: number, v: number): boolean => k === K.param && Number.isInteger(v) && v >= 0 && v <= MAX_PARAM;
const isValue = (k: number, v: number): boolean => isReg(k, v) || isImm(k, v) || isParam(k, v);

/** Whether the fast engine runs this instruction itself (otherwise: `Machine.step`). */
export function translatable(ins: Instr, length: number, steppedCalls = false): boolean {
    const op = ins.op;
    // calls and returns with costs of their own are the machine's (code.ts, `steppedCalls`)
    if ((op === OP.call || op === OP.ret) && steppedCalls) return false;
    if (op === OP.nop || op === OP.ret) return true;
    if (op === OP.mov) return isReg(ins.ak, ins.av) && isValue(ins.bk, ins.bv);
    if (ALU2.has(op)) {
        if (!isReg(ins.ak, ins.av) || !isValue(ins.bk, ins.bv)) return false;
        // a constant zero divisor always faults: leave it to the machine
        return !((op === OP.div || op === OP.mod) && ins.bk === K.imm && ins.bv === 0);
    }
    if (op === OP.inc || op === OP.dec || op === OP.pop) return isReg(ins.ak, ins.av);
    if (op === OP.cmp) return isValue(ins.ak, ins.av) && isValue(ins.bk, ins.bv);
    if (op === OP.load) return isReg(ins.ak, ins.av) && isValue(ins.mk, ins.mv);
    if (op === OP.store) return isValue(ins.mk, ins.mv) && isValue(ins.bk, ins.bv);
    if (op === OP.push) return isValue(ins.ak, ins.av);
    if (op === OP.jmp || op === OP.call || CONDITIONAL.has(op)) {
        return Number.isInteger(ins.target) && ins.target >= 0 && ins.target <= length;
    }
    return false;
}

/** Whether control never falls through to the next instruction (it may still return there: call). */
export function endsBlock(op: number): boolean {
    return op === OP.jmp || op === OP.call || op === OP.ret || CONDITIONAL.has(op);
}

/** The block structure of one body (the same for every layer it runs in). */
export interface BlockMap {
    length: number;
    /** 1 where a translation block or a stepped instruction starts. */
    start: Uint8Array;
    /** 1 where the instruction is translated. */
    fast: Uint8Array;
    /** For every pc: the pc of the next start after it (`length` at the end). */
    next: Int32Array;
}

export function blockMap(code: Code): BlockMap {
    const instrs = code.instrs;
    const length = instrs.length;
    const start = new Uint8Array(length + 1);
    const fast = new Uint8Array(length + 1);
    start[0] = 1;
    start[length] = 1;
    let run = 0;
    for (let pc = 0; pc < length; pc++) {
        const ins = instrs[pc];
        if (code.leaders[pc]) start[pc] = 1;
        // long straight-line code is cut into blocks that fit in a chunk and in one V8-optimizable function
        if (start[pc]) run = 0;
        else if (++run >= MAX_BLOCK) {
            start[pc] = 1;
            run = 0;
        }
        // an instruction on a breakpoint line is stepped by the machine, so the executor can stop
        // before it (the debugger gives the executor fresh translations when breakpoints change)
        if (translatable(ins, length, code.steppedCalls) && !ins.bp) {
            fast[pc] = 1;
            if (endsBlock(ins.op)) start[pc + 1] = 1;
            // every jump target is a leader already; call targets and return sites too, but be sure
            if (ins.op === OP.call || isJump(ins.op)) start[ins.target] = 1;
        } else {
            start[pc] = 1;
            start[pc + 1] = 1;
        }
    }
    const next = new Int32Array(length + 1);
    let following = length;
    next[length] = length;
    for (let pc = length - 1; pc >= 0; pc--) {
        next[pc] = following;
        if (start[pc]) following = pc;
    }
    return { length, start, fast, next };
}

/** The translated instructions of the block that starts at `pc` (empty for a stepped instruction). */
export function blockAt(map: BlockMap, pc: number): number[] {
    const pcs: number[] = [];
    if (!map.fast[pc]) return pcs;
    let p = pc;
    do {
        pcs.push(p);
        p++;
    } while (p < map.length && !map.start[p]);
    return pcs;
}
