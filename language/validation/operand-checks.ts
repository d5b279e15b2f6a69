// Where a string may stand. The simulator keeps a string as text only where it is written or
// passed on: the value of `out DEV, "text"`, the text of `abort`, an argument of a syscall or hypercall (bound to a
// parameter that keeps it as text), and the value of `hw io_write(dev, "text")`. Anywhere else
// the instruction reads a number, and a string would silently be its index in the string
// table (`mov r1, "hi"` printed 0).
import type { ValidationAcceptor } from 'langium';
import { isHwCommand, isHypercallCall, isOp1, isOp2, isSyscallCall, type StringLit } from '../generated/ast.js';
import { codeMessages as m } from './messages.js';

function takesText(literal: StringLit): boolean {
    const container = literal.$container;
    if (isOp2(container)) return container.opcode === 'out' && literal.$containerProperty === 'b';
    // `abort "Segmentation fault\n"`: the kernel's last words on the console
    if (isOp1(container)) return container.opcode === 'abort';
    if (isSyscallCall(container) || isHypercallCall(container)) return true;
    return isHwCommand(container) && container.name === 'io_write' && literal.$containerIndex === 1;
}

function where(literal: StringLit): string {
    const container = literal.$container;
    if (isHwCommand(container)) return m.hwNeedsNumber(container.name);
    // the grammar allows no string in a memory operand, so the rest are one- and two-operand instructions
    return isOp1(container) || isOp2(container) ? m.needsNumberOrRegister(container.opcode) : m.operandNeedsNumberOrRegister();
}

export function checkStringOperand(literal: StringLit, accept: ValidationAcceptor): void {
    if (takesText(literal)) return;
    accept('error', m.stringOperand(where(literal)),
        { node: literal, code: 'string-operand' });
}
