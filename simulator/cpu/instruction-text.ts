// An instruction as the Disassembly view writes it, in the language's own syntax: `add r1, 2`,
// `load r3, [r2]`, `syscall write(com1, r1)`, `hw io_write(dev, value)`, `jnz @4` (a label is
// kept as the pc it resolved to).
import { K, OP, REGISTER_NAMES, type Code, type Instr } from './code.js';
import { opName } from './opcodes.js';

/** Names an operand needs: the simulation's strings and the devices of the code's host. */
export interface OperandNames {
    strings: readonly string[];
    devices: readonly { name: string }[];
    /** A parameter's value where one is bound (a frame's), instead of its name. */
    param?: (index: number) => string | undefined;
}

function operand(kind: number, value: number, code: Code, names: OperandNames): string {
    switch (kind) {
        case K.reg: return REGISTER_NAMES[value] ?? `r${value}`;
        case K.imm: return String(value);
        case K.str: return JSON.stringify(names.strings[value] ?? '');
        case K.dev: return names.devices[value]?.name ?? `device ${value}`;
        case K.param: return names.param?.(value) ?? code.params[value] ?? `arg${value}`;
        case K.unresolved: return names.strings[value] ?? '?';
        case K.label: return `@${value}`;
        default: return '';
    }
}

export function instructionText(ins: Instr, code: Code, names: OperandNames): string {
    const name = opName(ins.op);
    if (ins.op === OP.syscall || ins.op === OP.hypercall || ins.op === OP.hw) {
        const args = ins.argk.map((k, i) => operand(k, ins.argv[i], code, names));
        return `${name} ${ins.name}(${args.join(', ')})`;
    }
    if (ins.target >= 0) return `${name} @${ins.target}`;
    const memory = ins.mk !== K.none ? `[${operand(ins.mk, ins.mv, code, names)}]` : undefined;
    const parts: string[] = [];
    if (ins.ak !== K.none) parts.push(operand(ins.ak, ins.av, code, names));
    else if (memory && ins.op === OP.store) parts.push(memory);
    if (memory && ins.op !== OP.store) parts.push(memory);
    if (ins.bk !== K.none) parts.push(operand(ins.bk, ins.bv, code, names));
    return parts.length > 0 ? `${name} ${parts.join(', ')}` : name;
}
