// Where a memory operand `[address]` may stand, as the engine executes it (simulator/machine.ts):
// `load d, [a]` reads memory and `store [a], s` writes it; nowhere else is an operand
// dereferenced. Elsewhere the engine faults (#UD: `mov r3, [r2]`, `inc [r1]`) or passes the
// address instead of the value (a call argument `[r1]`), so `check` refuses both, and a `load`
// or `store` without its memory operand.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { isMemory, type HwCommand, type HypercallCall, type Op1, type Op2, type Operand, type SyscallCall, type VmdefAstType } from '../generated/ast.js';
import type { VmdefServices } from '../vmdef-module.js';
import { codeMessages as m } from './messages.js';

/** Which operand of a two-operand instruction is memory: `load`'s second, `store`'s first. */
const MEMORY_OPERAND: Record<string, 'a' | 'b'> = { load: 'b', store: 'a' };

// Run on every instruction: the message is worded only for an operand that is reported.
function notAllowed(operand: Operand, where: string, accept: ValidationAcceptor): void {
    accept('error', m.memoryOperandNotAllowed(where),
        { node: operand, code: 'memory-operand-not-allowed' });
}

function checkOp1(op: Op1, accept: ValidationAcceptor): void {
    if (isMemory(op.a)) notAllowed(op.a, m.inInstruction(op.opcode), accept);
}

function checkOp2(op: Op2, accept: ValidationAcceptor): void {
    const memory = MEMORY_OPERAND[op.opcode];
    checkOperand(op, 'a', memory, accept);
    checkOperand(op, 'b', memory, accept);
}

function checkOperand(op: Op2, side: 'a' | 'b', memory: 'a' | 'b' | undefined, accept: ValidationAcceptor): void {
    const operand = op[side];
    if (!operand) return;
    if (side !== memory) {
        if (isMemory(operand)) notAllowed(operand, (side === 'a' ? m.asFirstOperand : m.asSecondOperand)(op.opcode), accept);
    } else if (!isMemory(operand)) {
        accept('error', (side === 'a' ? m.memoryOperandRequiredFirst : m.memoryOperandRequiredSecond)(op.opcode),
            { node: operand, code: 'memory-operand-required' });
    }
}

function checkCall(call: SyscallCall | HypercallCall | HwCommand, accept: ValidationAcceptor): void {
    for (const arg of call.args) if (isMemory(arg)) notAllowed(arg, m.asArgument(), accept);
}

export function registerMemoryOperandChecks(services: VmdefServices): void {
    const checks: ValidationChecks<VmdefAstType> = {
        Op1: checkOp1,
        Op2: checkOp2,
        SyscallCall: checkCall,
        HypercallCall: checkCall,
        HwCommand: checkCall,
    };
    services.validation.ValidationRegistry.register(checks);
}
