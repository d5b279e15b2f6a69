// Where a memory operand `[address]` may stand, as the engine executes it (simulator/machine.ts):
// `load d, [a]` reads memory and `store [a], s` writes it; nowhere else is an operand
// dereferenced. Elsewhere the engine faults (#UD: `mov r3, [r2]`, `inc [r1]`) or passes the
// address instead of the value (a call argument `[r1]`), so `check` refuses both, and a `load`
// or `store` without its memory operand.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { isMemory, type HwCommand, type HypercallCall, type Op1, type Op2, type Operand, type SyscallCall, type VmdefAstType } from '../generated/ast.js';
import type { VmdefServices } from '../vmdef-module.js';

/** Which operand of a two-operand instruction is memory: `load`'s second, `store`'s first. */
const MEMORY_OPERAND: Record<string, 'a' | 'b'> = { load: 'b', store: 'a' };

function notAllowed(operand: Operand, where: string, accept: ValidationAcceptor): void {
    if (!isMemory(operand)) return;
    accept('error', `a memory operand is not allowed ${where}: only \`load d, [a]\` reads memory and \`store [a], s\` writes it; load the value into a register first`,
        { node: operand, code: 'memory-operand-not-allowed' });
}

function checkOp1(op: Op1, accept: ValidationAcceptor): void {
    if (op.a) notAllowed(op.a, `in \`${op.opcode}\``, accept);
}

function checkOp2(op: Op2, accept: ValidationAcceptor): void {
    const memory = MEMORY_OPERAND[op.opcode];
    for (const side of ['a', 'b'] as const) {
        const operand = op[side];
        if (!operand) continue;
        const position = side === 'a' ? 'first' : 'second';
        if (side !== memory) notAllowed(operand, `as the ${position} operand of \`${op.opcode}\``, accept);
        else if (!isMemory(operand)) {
            accept('error', `\`${op.opcode}\` needs a memory operand \`[address]\` as its ${position} operand (\`load d, [a]\`, \`store [a], s\`)`,
                { node: operand, code: 'memory-operand-required' });
        }
    }
}

function checkCall(call: SyscallCall | HypercallCall | HwCommand, accept: ValidationAcceptor): void {
    for (const arg of call.args) notAllowed(arg, 'as an argument (arguments are passed by value)', accept);
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
