// What each guest instruction does and how each virtualization technique handles it: the
// text behind hovers. Written for people learning how a hypervisor works.
import { PRIVILEGED, REVEALING, SENSITIVE_UNPRIVILEGED, VMX_EXIT, MONITOR_HANDLER, HW_COMMANDS } from '../isa.js';

const SUMMARY: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
    mov: 'copy a value into a register', add: 'add', sub: 'subtract', mul: 'multiply', div: 'divide (integer)',
    mod: 'remainder', and: 'bitwise and', or: 'bitwise or', xor: 'bitwise exclusive or', shl: 'shift left',
    shr: 'shift right', inc: 'add one', dec: 'subtract one', cmp: 'compare: sets zf and sf as a subtraction would',
    load: 'read guest memory', store: 'write guest memory', push: 'push on the stack', pop: 'pop from the stack',
    nop: 'do nothing', jmp: 'jump', jz: 'jump if zero', jnz: 'jump if not zero', je: 'jump if equal', jne: 'jump if not equal',
    jl: 'jump if less', jle: 'jump if less or equal', jg: 'jump if greater', jge: 'jump if greater or equal',
    call: 'call a subroutine', ret: 'return from a subroutine',
    in: 'read a device (port I/O)', out: 'write a device (port I/O); a number is written in decimal and a newline',
    hlt: 'halt the CPU until the next interrupt', cli: 'clear the interrupt flag', sti: 'set the interrupt flag',
    lcr3: 'load the page-table root (CR3)', invlpg: 'invalidate one TLB entry', lidt: 'load the interrupt descriptor table',
    popf: 'pop the flags register, including the interrupt flag', pushf: 'push the flags register',
    sgdt: 'store the global descriptor table register', sidt: 'store the interrupt descriptor table register',
    smsw: 'store the machine status word', cpuid: 'identify the CPU', rdtsc: 'read the time-stamp counter',
    syscall: "enter the VM's OS kernel", hypercall: 'call the hypervisor directly (paravirtualization)',
});

export function instructionHover(opcode: string): string | undefined {
    const summary = SUMMARY[opcode];
    if (!summary) return undefined;
    const lines = [`**${opcode}** — ${summary}`, ''];
    if (PRIVILEGED.has(opcode)) {
        const exit = VMX_EXIT[opcode];
        lines.push(
            'Privileged: only the guest kernel may run it; in user code it faults (`#GP`).',
            `- **full**: traps to the hypervisor, which emulates it (handler \`${MONITOR_HANDLER[opcode]}\`)`,
            `- **binary**: translated into a call to the hypervisor (\`${MONITOR_HANDLER[opcode]}\`)`,
            '- **para**: forbidden; a paravirtualized kernel uses a hypercall instead',
            exit ? `- **hardware**: VM exit ${exit.number} \`${exit.handler}\`` : '- **hardware**: runs in VMX non-root mode without an exit',
        );
    } else if (SENSITIVE_UNPRIVILEGED.has(opcode)) {
        lines.push(
            'Sensitive but unprivileged (Popek & Goldberg): it does not trap.',
            '- **full**: runs unintercepted and behaves wrongly — a fidelity violation',
            `- **binary**: translated into a call to the hypervisor (\`${MONITOR_HANDLER[opcode]}\`)`,
            '- **hardware**: correct in VMX non-root mode',
        );
    } else if (REVEALING.has(opcode)) {
        const exit = VMX_EXIT[opcode];
        lines.push(
            'Reveals the real machine.',
            '- **full**: runs unintercepted and sees the host',
            `- **binary**: translated (\`${MONITOR_HANDLER[opcode]}\`)`,
            `- **hardware**: always exits (${exit.number} \`${exit.handler}\`)`,
        );
    } else if (opcode === 'syscall') {
        lines.push('User → guest kernel, as on bare metal; under binary translation it costs more (`syscall_bt`).');
    } else if (opcode === 'hypercall') {
        lines.push('Guest kernel → hypervisor, only in a `paravirtualized` OS (cost `hypercall`).');
    } else {
        lines.push('Runs directly on the CPU: no hypervisor involved (1 cycle).');
    }
    return lines.join('\n');
}

export function hwCommandHover(name: string): string | undefined {
    const info = HW_COMMANDS[name];
    if (!info) return undefined;
    const parts = [`**hw ${name}(${info.params.join(', ')})** — ${info.doc}`];
    if (info.cost) parts.push(`Cost entry: \`${info.cost}\`.`);
    if (info.viaHost) parts.push('On a Type 2 hypervisor it goes through the host OS (a world switch each way).');
    return parts.join('\n\n');
}
