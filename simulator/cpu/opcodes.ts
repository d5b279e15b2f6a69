// The numbers compiled code is made of: opcodes and operand kinds. Their own module, so the
// instruction semantics (semantics.ts) and the interpreter's fast forms (fast-forms.ts) can use
// them without importing the compiler (code.ts re-exports them).

/** Opcodes: one small integer per instruction of the language, plus `syscall`, `hypercall`, `hw`. */
export const OP = {
    nop: 0, mov: 1, add: 2, sub: 3, mul: 4, div: 5, mod: 6, and: 7, or: 8, xor: 9, shl: 10, shr: 11,
    inc: 12, dec: 13, cmp: 14, load: 15, store: 16, push: 17, pop: 18,
    jmp: 19, jz: 20, jnz: 21, je: 22, jne: 23, jl: 24, jle: 25, jg: 26, jge: 27, call: 28, ret: 29,
    syscall: 30, in: 31, out: 32, hlt: 33, cli: 34, sti: 35, lcr3: 36, invlpg: 37, lidt: 38,
    popf: 39, pushf: 40, sgdt: 41, sidt: 42, smsw: 43, cpuid: 44, rdtsc: 45,
    hypercall: 46, hw: 47, iret: 48, abort: 49,
} as const;
export type OpName = keyof typeof OP;
export const OP_NAMES: string[] = Object.keys(OP);

/** Operand kinds. */
export const K = {
    none: 0,
    /** A register: value 0-7 for r0-r7, 8 for sp. */
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
    /** A label of the same body (`lidt on_tick`): value is its instruction index. */
    label: 7,
} as const;

const OP_NAME_BY_CODE: string[] = [];
for (const [name, code] of Object.entries(OP)) OP_NAME_BY_CODE[code] = name;

/** An opcode's name (`out`), for messages and frame names. */
export function opName(op: number): string {
    return OP_NAME_BY_CODE[op] ?? String(op);
}
