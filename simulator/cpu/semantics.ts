// The meaning of the guest instructions that compute: one place, so the exact interpreter and
// the fast (block-compiling) engine agree bit for bit.
//
// Integer semantics: registers and memory words hold signed 32-bit integers (int32).
// add/sub/mul wrap modulo 2^32; div truncates toward zero and mod has the dividend's sign (as
// x86 idiv); a divisor of 0, or INT_MIN / -1, is the guest fault #DE. shl/shr use the low 5
// bits of the count; shr is a logical shift. Arithmetic sets zf (result is 0) and sf (result is
// negative); `cmp a, b` sets them from the exact difference a − b, so jl/jg compare correctly
// even where a − b would overflow. mov, load, store, push, pop leave the flags alone.
import { OP } from './code.js';

/** x86 FLAGS bit positions used by pushf/popf and the hypervisor's virtual flags. */
export const FLAG_ZF = 1 << 6;
export const FLAG_SF = 1 << 7;
export const FLAG_IF = 1 << 9;
/** Bit 1 of x86 FLAGS always reads 1. */
export const FLAG_FIXED = 1 << 1;

/** The guest fault raised by an instruction: `#DE`, `#GP`, `#PF`, `#UD`. */
export class GuestFault {
    constructor(readonly vector: string, readonly message: string) {}
}

/** Whether `a OP b` is the guest fault #DE: a divisor of 0, or INT_MIN / -1 (checked before `alu`). */
export function divideFaults(op: number, a: number, b: number): boolean {
    return (op === OP.div || op === OP.mod) && (b === 0 || (a === -2147483648 && b === -1));
}

/**
 * a OP b for the two-operand arithmetic opcodes, always an int32 (a result that is sometimes not
 * a small integer would make V8 deoptimize the interpreter's loop): a #DE is the caller's check,
 * `divideFaults`, made first.
 */
export function alu(op: number, a: number, b: number): number {
    switch (op) {
        case 2 satisfies typeof OP.add: return (a + b) | 0;
        case 3 satisfies typeof OP.sub: return (a - b) | 0;
        case 4 satisfies typeof OP.mul: return Math.imul(a, b);
        case 5 satisfies typeof OP.div: return (a / b) | 0;
        case 6 satisfies typeof OP.mod: return (a % b) | 0;
        case 7 satisfies typeof OP.and: return a & b;
        case 8 satisfies typeof OP.or: return a | b;
        case 9 satisfies typeof OP.xor: return a ^ b;
        case 10 satisfies typeof OP.shl: return a << (b & 31);
        case 11 satisfies typeof OP.shr: return (a >>> (b & 31)) | 0;
        case 12 satisfies typeof OP.inc: return (a + 1) | 0;
        case 13 satisfies typeof OP.dec: return (a - 1) | 0;
    }
    return a | 0;
}

/** Whether a conditional jump is taken, from zf and sf. */
export function jumpTaken(op: number, zf: boolean, sf: boolean): boolean {
    switch (op) {
        case 19 satisfies typeof OP.jmp: return true;
        case 20 satisfies typeof OP.jz: case 22 satisfies typeof OP.je: return zf;
        case 21 satisfies typeof OP.jnz: case 23 satisfies typeof OP.jne: return !zf;
        case 24 satisfies typeof OP.jl: return sf;
        case 25 satisfies typeof OP.jle: return sf || zf;
        case 26 satisfies typeof OP.jg: return !sf && !zf;
        case 27 satisfies typeof OP.jge: return !sf;
    }
    return false;
}

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
