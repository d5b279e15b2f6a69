// The meaning of the guest instructions that compute: one place, so the exact interpreter and
// the fast (block-compiling) engine agree bit for bit.
//
// Integer semantics: registers and memory words hold signed 32-bit integers (int32).
// add/sub/mul wrap modulo 2^32; div truncates toward zero and mod has the dividend's sign (as
// x86 idiv); a divisor of 0, or INT_MIN / -1, is the guest fault #DE. shl/shr use the low 5
// bits of the count; shr is a logical shift. Arithmetic sets zf (result is 0) and sf (result is
// negative); `cmp a, b` sets them from the exact difference a − b, so jl/jg compare correctly
// even where a − b would overflow. mov, load, store, push, pop leave the flags alone.
//
// The simple instructions (data, arithmetic, compare, jumps) are defined ONCE, in `SIMPLE`
// below, as JavaScript expression text over their operands' text. Every executor is derived
// from it: the exact interpreter's inner loop is generated from it (cpu/simple-loop.ts), the
// fast engine's translator splices the same text (fast/translate.ts), and `Machine` runs
// functions built from it (`alu`, `divideFaults`, `jumpTaken` here). A template's operands are
// int32 expressions without side effects (a register, an integer literal, a local); a template
// contains nothing but fixed text, so generated code holds only what splice.ts lets through.
import { OP } from './opcodes.js';

/** Nested `call`s deeper than this are a stack overflow (#SS): a runaway recursion is bounded. */
export const MAX_CALL_DEPTH = 4096;

/** JavaScript expression text over the texts of the operands `a` (the first) and `b` (the second). */
export type Template = (a: string, b: string) => string;

/** What one simple instruction does. Flags: zf ⇔ the number is 0, sf ⇔ it is negative. */
export interface SimpleSemantics {
    /** The operands it reads: `a` (also its destination when it has a `value`), `b`. */
    reads: 'ab' | 'a' | 'b' | '';
    /** The int32 it writes to `a` (a register or a parameter). */
    value?: Template;
    /** The number the flags come from: the value, or (cmp) an exact difference; none: flags kept. */
    flags?: 'value' | Template;
    /** When it is the guest fault #DE instead: checked before anything is written. */
    fault?: Template;
    /** A jump: whether it is taken, from zf and sf. */
    taken?: (zf: boolean, sf: boolean) => boolean;
}

const ARITHMETIC = (value: Template, fault?: Template): SimpleSemantics => ({ reads: 'ab', value, flags: 'value', fault });
const UNARY = (value: Template): SimpleSemantics => ({ reads: 'a', value, flags: 'value' });
const JUMP = (taken: (zf: boolean, sf: boolean) => boolean): SimpleSemantics => ({ reads: '', taken });
/** div and mod: a divisor of 0, or INT_MIN / −1 (x86 idiv). */
const DIVIDE_FAULT: Template = (a, b) => `${b} === 0 || (${a} === -2147483648 && ${b} === -1)`;

/** The simple instructions, by opcode: the one definition of what they compute. */
export const SIMPLE: { readonly [op: number]: SimpleSemantics } = {
    [OP.nop]: { reads: '' },
    [OP.mov]: { reads: 'b', value: (_a, b) => b },
    [OP.add]: ARITHMETIC((a, b) => `(${a} + ${b}) | 0`),
    [OP.sub]: ARITHMETIC((a, b) => `(${a} - ${b}) | 0`),
    [OP.mul]: ARITHMETIC((a, b) => `Math.imul(${a}, ${b})`),
    [OP.div]: ARITHMETIC((a, b) => `(${a} / ${b}) | 0`, DIVIDE_FAULT),
    [OP.mod]: ARITHMETIC((a, b) => `(${a} % ${b}) | 0`, DIVIDE_FAULT),
    [OP.and]: ARITHMETIC((a, b) => `${a} & ${b}`),
    [OP.or]: ARITHMETIC((a, b) => `${a} | ${b}`),
    [OP.xor]: ARITHMETIC((a, b) => `${a} ^ ${b}`),
    [OP.shl]: ARITHMETIC((a, b) => `${a} << (${b} & 31)`),
    [OP.shr]: ARITHMETIC((a, b) => `(${a} >>> (${b} & 31)) | 0`),
    [OP.inc]: UNARY((a) => `(${a} + 1) | 0`),
    [OP.dec]: UNARY((a) => `(${a} - 1) | 0`),
    // the exact difference (no wrap), so jl / jg compare correctly where a - b would overflow
    [OP.cmp]: { reads: 'ab', flags: (a, b) => `${a} - ${b}` },
    [OP.jmp]: JUMP(() => true),
    [OP.jz]: JUMP((zf) => zf),
    [OP.je]: JUMP((zf) => zf),
    [OP.jnz]: JUMP((zf) => !zf),
    [OP.jne]: JUMP((zf) => !zf),
    [OP.jl]: JUMP((_zf, sf) => sf),
    [OP.jle]: JUMP((zf, sf) => sf || zf),
    [OP.jg]: JUMP((zf, sf) => !sf && !zf),
    [OP.jge]: JUMP((_zf, sf) => !sf),
};

/** `SIMPLE` as a dense array by opcode (undefined: not a simple instruction), for lookups per step. */
export const SIMPLE_BY_OP: readonly (SimpleSemantics | undefined)[] = Array.from({ length: 64 }, (_, op) => SIMPLE[op]);

/**
 * A jump's condition as text over `fr`, the one number executors keep the flags in (zf ⇔
 * fr === 0, sf ⇔ fr < 0): read off `taken` in the three states such a number can be in. (A flag
 * word with zf and sf both set has no such number: executors step it with `jumpTaken`.)
 */
export function takenText(op: number): string {
    const taken = SIMPLE[op].taken!;
    const zero = taken(true, false);
    const negative = taken(false, true);
    const positive = taken(false, false);
    const key = `${+zero}${+negative}${+positive}`;
    return FR_TESTS[key];
}

/** By (taken at 0, below 0, above 0). */
const FR_TESTS: Record<string, string> = {
    '111': 'true', '000': 'false', '100': '(fr === 0)', '011': '(fr !== 0)',
    '010': '(fr < 0)', '110': '(fr <= 0)', '001': '(fr > 0)', '101': '(fr >= 0)',
};

/**
 * The statement text of a simple instruction that is not a jump, for executors that keep the
 * flags in `fr`: `dest` is the text it writes to (a register), `a` and `b` its operands' text,
 * `onFault` the statement that leaves before the instruction when it would fault.
 */
export function statementText(op: number, dest: string, a: string, b: string, onFault: string): string {
    const s = SIMPLE[op];
    const guard = s.fault ? `if (${s.fault(a, b)}) ${onFault} ` : '';
    if (s.value && s.flags === 'value') return `${guard}${dest} = fr = ${s.value(a, b)};`;
    if (s.value) return `${guard}${dest} = ${s.value(a, b)};`;
    if (s.flags && s.flags !== 'value') return `${guard}fr = ${s.flags(a, b)};`;
    return guard;
}

// The same templates as functions, for the machine's general operands (parameters): built once
// from fixed text, like the interpreter's loop.
const fn = <T>(template: Template): ((a: number, b: number) => T) =>
    new Function('a', 'b', `return ${template('a', 'b')};`) as (a: number, b: number) => T;
const VALUE_FN: ((a: number, b: number) => number)[] = [];
const FLAGS_FN: ((a: number, b: number) => number)[] = [];
const FAULT_FN: ((a: number, b: number) => boolean)[] = [];
for (const [key, s] of Object.entries(SIMPLE)) {
    const op = Number(key);
    if (s.value) VALUE_FN[op] = fn(s.value);
    if (s.flags) FLAGS_FN[op] = s.flags === 'value' ? VALUE_FN[op] : fn(s.flags);
    if (s.fault) FAULT_FN[op] = fn(s.fault);
}

/** Whether `a OP b` is the guest fault #DE (checked before `alu`). */
export function divideFaults(op: number, a: number, b: number): boolean {
    const fault = FAULT_FN[op];
    return fault !== undefined && fault(a, b);
}

/** The value a simple instruction writes to its first operand (an int32). */
export function alu(op: number, a: number, b: number): number {
    return VALUE_FN[op](a, b);
}

/** The number the flags come from after a simple instruction that sets them (see `SIMPLE`). */
export function flagsNumber(op: number, a: number, b: number): number {
    return FLAGS_FN[op](a, b);
}

/** Whether a jump is taken, from zf and sf. */
export function jumpTaken(op: number, zf: boolean, sf: boolean): boolean {
    return SIMPLE[op].taken!(zf, sf);
}

/** x86 FLAGS bit positions used by pushf/popf and the hypervisor's virtual flags. */
export const FLAG_ZF = 1 << 6;
export const FLAG_SF = 1 << 7;
export const FLAG_IF = 1 << 9;
/** Bit 1 of x86 FLAGS always reads 1. */
export const FLAG_FIXED = 1 << 1;

/** The FLAGS word pushed by pushf. */
export function flagsWord(zf: boolean, sf: boolean, interrupts: boolean): number {
    return FLAG_FIXED | (zf ? FLAG_ZF : 0) | (sf ? FLAG_SF : 0) | (interrupts ? FLAG_IF : 0);
}

/** What sgdt / sidt / smsw / cpuid reveal: the real host's values and the virtual machine's own. */
export const HOST_GDT_BASE = 0xfffe0000 | 0;
export const HOST_IDT_BASE = 0xfffe1000 | 0;
export const HOST_MSW = 0x8005003b | 0;
/** CPUID leaf 1 EAX of the host (a Haswell signature), and of the virtual CPU the hypervisor shows. */
export const HOST_CPUID = 0x000306c3;
export const VIRTUAL_CPUID = 0x00000f61;
export const GUEST_GDT_BASE = 0x1000;
export const GUEST_IDT_BASE = 0x2000;
export const GUEST_MSW = 0x11;
