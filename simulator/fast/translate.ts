// Binary translation of guest code into JavaScript: a *region* (the translation blocks reachable
// from one entry block of a body, so loops spanning several blocks run in one function) becomes
// one function built with `new Function`. Registers and flags live in locals; the pc selects a
// block in a `switch` inside a loop; a block that jumps back to its own start is a JS loop.
//
// Exactness contract with the executor (executor.ts):
//   - `X.left` is how many instructions may still run (the step budget and the time left, in
//     instructions). A block runs only if all of it fits (`left >= N`), and `left -= N` is paid
//     up front; otherwise the function returns ST_PARTIAL with `X.need = N` and the executor
//     single-steps the block's beginning with the exact interpreter. So a chunk, a time slice or
//     a step budget ends at exactly the instruction where the exact interpreter ends it.
//   - Anything a block cannot do itself (a page not yet touched or out of bounds, a division that
//     faults, a call too deep, `ret` with no return address, binary translation of a block not
//     yet translated) exits *before* that instruction, giving back what it did not run: the
//     machine then steps it with the shared semantics (costs, faults, swap) and the executor
//     resumes translated code right after.
//
// SECURITY: the source contains only the fixed text below and integers validated by splice.ts
// (pcs, register numbers, int32 immediates, parameter and block numbers). Strings, names and
// devices of the file are operands the translator refuses (those instructions are stepped by
// the machine); a parameter is read from the frame at run time, never spliced.
import { K, OP, SP, type Code, type Instr } from '../cpu/code.js';
import { MAX_CALL_DEPTH, SIMPLE, statementText, takenText } from '../cpu/semantics.js';
import { blockAt, isAlu, isJump, isMemoryAccess, MAX_PARAM, type BlockMap } from './blocks.js';
import { FUSABLE_OPS, OPCODE_TABLE } from './fused-trap.js';
import { int, int32, pcOf, reg, TranslationError } from './splice.js';

/** Exit statuses of a translated region. */
export const ST_SLOW = 0;
export const ST_PARTIAL = 1;
export const ST_FINISH = 2;
export const ST_LEAVE = 3;

/** What a region function reads and writes besides the frame (one object, reused, monomorphic). */
export interface RegionContext {
    /**
     * What may still run, in units of `co`; updated on return. Step mode (`co` = 1): instructions
     * (the step budget and the time left, in instructions). Time mode (`co` = the instruction's
     * cost): host cycles left before the chunk ends, plus `co` − 1 — a block of N instructions
     * runs iff its last one starts before the end: (N − 1)·cost < room ⇔ N·co ≤ left.
     */
    left: number;
    /** 1 in step mode, the cost of one instruction in time mode. */
    co: number;
    /** ST_PARTIAL: the length of the block that did not fit. */
    need: number;
    /** The frame's memory pages (guest memory, or the host's for handler code). */
    pages: Map<number, Int32Array>;
    /** Pages at or past this number are out of bounds (the machine faults or swaps them in). */
    maxPage: number;
    /** Out: memory accesses the region made (with paging on, each a TLB hit: tlb.ts's fast maps). */
    h: number;
    /**
     * Traps the region applies itself (time mode only, fused-trap.ts): by opcode, the interrupt
     * flag the one-command handler sets (0 / 1), or −1 to leave the instruction to the machine.
     */
    fz: Int32Array;
    /** Fused traps taken, by opcode (the executor accounts them and zeroes the counts). */
    nt: Int32Array;
    /** Units of `left` one fused trap takes (the trap and the handler's instruction, in cycles). */
    tq: number;
    /** The interrupt flag the last fused trap set. */
    ifl: number;
}

/** Enter only with a frame whose flags are not both set (see `fr` below). */
export type RegionFn = (regs: Int32Array, frame: { zf: boolean; sf: boolean; pc: number; calls: number[]; pv: number[] }, x: RegionContext, translated: Uint8Array) => number;

export interface Region {
    entry: number;
    /** Block starts it holds (translated blocks and stepped instructions). */
    starts: number[];
    source: string;
    fn: RegionFn;
    /**
     * The same region also counting its memory accesses in `X.h` (frames with paging on: each a
     * TLB hit), compiled on first use. Two functions, not one counting always: the counter cost
     * the memory loop without paging up to ~15%.
     */
    counting(): RegionFn;
}

/** At most this many instructions in one region: V8 optimizes small functions best. */
export const REGION_MAX_INSTRUCTIONS = 400;

/** The block starts of the region entered at `entry`: breadth-first over static successors. */
export function regionStarts(map: BlockMap, code: Code, entry: number): number[] {
    const seen = new Set<number>([entry]);
    const queue = [entry];
    let size = 0;
    for (let i = 0; i < queue.length; i++) {
        const s = queue[i];
        if (s >= map.length) continue;
        const pcs = blockAt(map, s);
        size += Math.max(1, pcs.length);
        if (size > REGION_MAX_INSTRUCTIONS && i > 0) {
            // too big: this block stays out (entered through its own region)
            seen.delete(s);
            continue;
        }
        const successors: number[] = [];
        if (pcs.length === 0) successors.push(s + 1);
        else {
            const last = pcs[pcs.length - 1];
            const ins = code.instrs[last];
            if (ins.op === OP.jmp) successors.push(ins.target);
            else if (isJump(ins.op) || ins.op === OP.call) successors.push(ins.target, last + 1);
            else if (ins.op !== OP.ret) successors.push(last + 1);
        }
        for (const t of successors) {
            if (!seen.has(t) && t <= map.length) {
                seen.add(t);
                queue.push(t);
            }
        }
    }
    return [...seen].sort((a, b) => a - b);
}

// Flags are kept lazily in one number `fr`: zf ⇔ fr === 0, sf ⇔ fr < 0 — the last result, or for
// `cmp` the exact difference a − b (a double: no wrap). A flag word with zf and sf both set
// (only popf / set_flags make one) has no such number: the executor never enters translated code
// with it (the exact interpreter runs until an instruction sets the flags again). What the simple
// instructions compute is the semantics table's text (cpu/semantics.ts), as in the interpreter.

/** Translates the region entered at `entry`. `checkTranslated`: binary translation of guest kernel code (per-leader check). */
export function translateRegion(code: Code, map: BlockMap, entry: number, checkTranslated: boolean): Region {
    const starts = regionStarts(map, code, entry);
    const source = new RegionWriter(code, map, starts, checkTranslated, false).source();
    let counting: RegionFn | undefined;
    return {
        entry, starts, source, fn: compileRegion(source),
        counting: () => (counting ??= compileRegion(new RegionWriter(code, map, starts, checkTranslated, true).source())),
    };
}

function compileRegion(source: string): RegionFn {
    const make = new Function('EMPTY', `return function region(R, F, X, T) {\n${source}\n};`) as (empty: Int32Array) => RegionFn;
    return make(EMPTY_PAGE);
}

/**
 * What the translator writes for the region entered at `entry`, without compiling it: its source
 * and, per translated instruction, the statement it became (the debugger's Disassembly view).
 */
export function regionListing(code: Code, map: BlockMap, entry: number, checkTranslated: boolean): { starts: number[]; source: string; statements: Map<number, string> } {
    const starts = regionStarts(map, code, entry);
    const statements = new Map<number, string>();
    const source = new RegionWriter(code, map, starts, checkTranslated, false, statements).source();
    return { starts, source, statements };
}

/** Writes one region's source: a `switch` over its block starts inside a loop. */
class RegionWriter {
    private readonly out: string[] = [];
    private readonly length: number;
    private readonly inRegion: Set<number>;
    /** The end of the body, as source text. */
    private readonly L: string;
    /**
     * Per page slot (see `slotOf`), the address operand whose page the slot holds for certain in
     * this block: the last access's, while its register is not written (within a block nothing
     * else moves pages), so `load r2, [r1]` ... `store [r1], r2` checks the page once.
     */
    private readonly onPage = new Map<string, string>();
    /** The page slots the region uses (each two locals: the page number and its words). */
    private readonly slots = new Set<string>();
    /** In the block being written, the memory accesses at or after each instruction (for `hc`). */
    private accessesFrom: number[] = [];

    /** `countHits`: count memory accesses in `hc` (Region.counting). `statements`: filled with each translated instruction's statement by pc (regionListing). */
    constructor(
        private readonly code: Code, private readonly map: BlockMap, private readonly starts: number[], private readonly checkTranslated: boolean,
        private readonly countHits: boolean, private readonly statements?: Map<number, string>,
    ) {
        this.length = map.length;
        this.inRegion = new Set(starts);
        this.L = pcOf(this.length, this.length);
    }

    source(): string {
        this.emit('out: for (;;) { switch (pc) {');
        for (const s of this.starts) {
            if (s >= this.length) this.emit(`case ${this.L}: st = 2; break out;`);
            else if (this.map.fast[s]) this.block(s);
            else this.stepped(s);
        }
        this.emit('default: st = 3; break out;');
        this.emit('} }');
        this.emit('R[0] = r0; R[1] = r1; R[2] = r2; R[3] = r3; R[4] = r4; R[5] = r5; R[6] = r6; R[7] = r7; R[8] = r8;');
        this.emit(`F.zf = fr === 0; F.sf = fr < 0; F.pc = pc; X.left = left;${this.countHits ? ' X.h = hc;' : ''}`);
        this.emit('return st;');
        // the page slots are known once the body is written: `pS` never matches until filled
        const slots = [...this.slots].map((slot) => `, p${slot} = -1, w${slot} = EMPTY`).join('');
        return [
            'let r0 = R[0], r1 = R[1], r2 = R[2], r3 = R[3], r4 = R[4], r5 = R[5], r6 = R[6], r7 = R[7], r8 = R[8];',
            `let fr = F.zf ? 0 : F.sf ? -1 : 1, pc = F.pc, left = X.left, st = 3, a = 0, p = 0, t = 0, g = EMPTY${this.countHits ? ', hc = 0' : ''}${slots};`,
            'const C = F.calls, PV = F.pv, PG = X.pages, MP = X.maxPage, CO = X.co, FZ = X.fz, NT = X.nt, TQ = X.tq;',
            ...this.out,
        ].join('\n');
    }

    private emit(s: string): void {
        this.out.push(s);
    }

    private pc(n: number): string {
        return pcOf(n, this.length);
    }

    /** An instruction the machine steps, or a trap the region may take itself. */
    private stepped(pc: number): void {
        const op = this.code.instrs[pc].op;
        if (FUSABLE_OPS.includes(op)) {
            // a trap the executor lets the region take (FZ), when the trap, the handler's
            // instruction and the return all start before the chunk ends; else the machine's
            const o = int(op, 0, OPCODE_TABLE - 1);
            this.emit(`case ${this.pc(pc)}: if (FZ[${o}] < 0 || left < TQ + CO) { pc = ${this.pc(pc)}; st = 0; break out; }`);
            this.emit(`left -= TQ; NT[${o}]++; X.ifl = FZ[${o}]; ${this.goto(pc + 1)}`);
            return;
        }
        this.emit(`case ${this.pc(pc)}: pc = ${this.pc(pc)}; st = 0; break out;`);
    }

    /** A translated block: runs whole if it fits in what is left; a self-loop is a JS loop. */
    private block(s: number): void {
        const code = this.code;
        const pcs = blockAt(this.map, s);
        const n = pcs.length;
        const N = int(n, 1, this.length);
        const last = code.instrs[pcs[n - 1]];
        const selfLoop = isJump(last.op) && last.target === s;
        this.emit(`case ${this.pc(s)}: {`);
        if (this.checkTranslated && code.leaders[s]) {
            this.emit(`if (T[${int(code.blockOf[s], 0, code.blocks)}] !== 1) { pc = ${this.pc(s)}; st = 0; break out; }`);
        }
        if (selfLoop) this.emit('for (;;) {');
        this.emit(`if (left < ${N} * CO) { X.need = ${N}; pc = ${this.pc(s)}; st = 1; break out; }`);
        this.emit(`left -= ${N} * CO;`);
        // the block's memory accesses counted up front, like its instructions (an exit before
        // one gives back the rest): with paging on, each is a TLB hit
        this.accessesFrom = this.countHits ? accessesFrom(code, pcs, selfLoop) : [];
        if (this.accessesFrom[0] > 0) this.emit(`hc += ${int(this.accessesFrom[0], 1, n)};`);
        // entered from anywhere (a jump, the loop's back edge): nothing known about the TLB
        this.onPage.clear();
        for (let j = 0; j < n; j++) {
            const ins = code.instrs[pcs[j]];
            if (selfLoop && j === n - 1) {
                // the back edge: stay in the JS loop while the jump is taken
                const backEdge = last.op !== OP.jmp ? `if (!${takenText(last.op)}) break;` : 'continue;';
                this.statements?.set(pcs[j], backEdge);
                if (last.op !== OP.jmp) this.emit(backEdge);
                continue;
            }
            const statement = this.instruction(ins, pcs[j], j, n);
            this.statements?.set(pcs[j], statement);
            this.emit(statement);
            const w = written(ins);
            if (w !== undefined) this.onPage.delete(String(w));
            // push / pop move sp: neither `r8` nor `(r8 - 4) | 0` is where it was
            if (ins.op === OP.push || ins.op === OP.pop) this.onPage.delete(String(SP));
        }
        if (selfLoop) this.emit('}');
        this.fallThrough(s, pcs[n - 1]);
        this.emit('}');
    }

    /** After a block whose last instruction may fall through: the next case if it is the next in this switch, else dispatch. */
    private fallThrough(s: number, lastPc: number): void {
        const lastOp = this.code.instrs[lastPc].op;
        if (lastOp === OP.jmp || lastOp === OP.ret || lastOp === OP.call) return;
        const after = lastPc + 1;
        const nextInSwitch = this.starts[this.starts.indexOf(s) + 1];
        if (after >= this.length) this.emit(`pc = ${this.L}; st = 2; break out;`);
        else if (nextInSwitch !== after || !this.inRegion.has(after)) this.emit(`pc = ${this.pc(after)}; continue out;`);
    }

    /** Leave before instruction `pc` (j-th of a block of n), giving back what was not run. */
    private exitBefore(pc: number, j: number, n: number): string {
        const rest = this.accessesFrom[j] ?? 0;
        const hits = rest > 0 ? ` hc -= ${int(rest, 1, n)};` : '';
        return `{ left += ${int(n - j, 0, this.length)} * CO;${hits} pc = ${this.pc(pc)}; st = 0; break out; }`;
    }

    private goto(target: number): string {
        if (target >= this.length) return `pc = ${this.L}; st = 2; break out;`;
        return `pc = ${this.pc(target)}; continue out;`;
    }

    /**
     * Sets `a` to the address and returns the words of its page: the page slot of the address's
     * register (`slotOf`) holds the last page reached through it in this call of the region, so
     * a known page costs one comparison, never a lookup in the pages map (with paging on, the
     * TLB's fast map) -- a copy loop's source and destination each keep their own. The slots live
     * for one call: whatever changes the TLB (lcr3, invlpg, a table write, a fault) is done by the
     * machine, outside the region, and the next call starts with empty slots.
     */
    private memory(address: string, slot: string, pc: number, j: number, n: number): string {
        this.slots.add(slot);
        if (this.onPage.get(slot) === address) return `a = ${address}; `;
        this.onPage.set(slot, address);
        return `a = ${address}; p = a >>> 12; ` +
            `if (p !== p${slot}) { g = PG.get(p); if (g === undefined || p >= MP) ${this.exitBefore(pc, j, n)} p${slot} = p; w${slot} = g; } `;
    }

    private instruction(ins: Instr, pc: number, j: number, n: number): string {
        const op = ins.op;
        if (op === OP.nop) return '';
        if (SIMPLE[op] !== undefined && SIMPLE[op].taken === undefined) {
            // registers and validated integers only (blocks.ts translates no other operand); the
            // first operand of an instruction that writes it is a register
            const a = SIMPLE[op].value ? reg(ins.av) : value(ins.ak, ins.av);
            return statementText(op, a, a, value(ins.bk, ins.bv), this.exitBefore(pc, j, n));
        }
        if (op === OP.load) {
            const s = slotOf(ins.mk, ins.mv);
            return `${this.memory(value(ins.mk, ins.mv), s, pc, j, n)}${reg(ins.av)} = w${s}[(a & 4095) >> 2];`;
        }
        if (op === OP.store) {
            const s = slotOf(ins.mk, ins.mv);
            return `${this.memory(value(ins.mk, ins.mv), s, pc, j, n)}w${s}[(a & 4095) >> 2] = ${value(ins.bk, ins.bv)};`;
        }
        if (op === OP.push) return `t = ${value(ins.ak, ins.av)}; ${this.memory('(r8 - 4) | 0', String(SP), pc, j, n)}w8[(a & 4095) >> 2] = t; r8 = a;`;
        if (op === OP.pop) return `${this.memory('r8', String(SP), pc, j, n)}t = w8[(a & 4095) >> 2]; r8 = (a + 4) | 0; ${reg(ins.av)} = t;`;
        if (op === OP.jmp) return this.goto(ins.target);
        if (isJump(op)) return `if (${takenText(op)}) { ${this.goto(ins.target)} }`;
        if (op === OP.call) {
            return `if (C.length >= ${int(MAX_CALL_DEPTH, 0, MAX_CALL_DEPTH)}) ${this.exitBefore(pc, j, n)} ` +
                `C.push(${this.pc(pc + 1)}); ${this.goto(ins.target)}`;
        }
        if (op === OP.ret) {
            return `if (C.length === 0) ${this.exitBefore(pc, j, n)} pc = C.pop(); if (pc >= ${this.L}) { st = 2; break out; } continue out;`;
        }
        throw new TranslationError(`opcode ${op} is not translatable`);
    }
}

/** An operand as source text: a register, an int32, or a parameter read as `read` reads it (operands.ts). */
const value = (k: number, v: number): string => (k === K.reg ? reg(v) : k === K.param ? `(PV[${int(v, 0, MAX_PARAM)}] ?? 0)` : int32(v));

/** The register an instruction writes (besides `sp` for push / pop), if any. */
const written = (ins: Instr): number | undefined =>
    ins.op === OP.mov || isAlu(ins.op) || ins.op === OP.inc || ins.op === OP.dec || ins.op === OP.load || ins.op === OP.pop ? ins.av : undefined;

/**
 * The page slot of an address operand: its register's number, `k` for a constant address, or
 * a parameter's `q` and its number (slot names are spliced into the source: digits, `k` or
 * `q` only; a parameter, like a constant, does not change during a call of the region).
 */
const slotOf = (k: number, v: number): string => (k === K.reg ? String(int(v, 0, SP)) : k === K.param ? `q${int(v, 0, MAX_PARAM)}` : 'k');


/** Per instruction of a block, the memory accesses from it to the block's end (a self-loop's back edge is a jump). */
function accessesFrom(code: Code, pcs: number[], selfLoop: boolean): number[] {
    const from = new Array<number>(pcs.length + 1).fill(0);
    for (let j = pcs.length - 1; j >= 0; j--) {
        const back = selfLoop && j === pcs.length - 1;
        from[j] = from[j + 1] + (!back && isMemoryAccess(code.instrs[pcs[j]].op) ? 1 : 0);
    }
    return from;
}

/** The initial page-slot value: never matched (pS = −1), keeps each `wS` an Int32Array for V8. */
const EMPTY_PAGE = new Int32Array(1024);
