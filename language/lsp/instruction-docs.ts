// What each guest instruction does and how each virtualization technique handles it: the
// text behind hovers. Written for people learning how a hypervisor works; the words are in
// messages.ts, in English and Korean.
import { PRIVILEGED, PV_EVENT_MASK, REVEALING, SENSITIVE_UNPRIVILEGED, VMX_EXIT, MONITOR_HANDLER, HW_COMMANDS } from '../isa.js';
import { hoverMessages as m, hwCommandDocs, instructionSummaries, lookUp } from './messages.js';

/** What a `hw` command does, in the current language (hover and completion). */
export function hwCommandDoc(name: string): string | undefined {
    return lookUp(hwCommandDocs, name);
}

export function instructionHover(opcode: string): string | undefined {
    const summary = lookUp(instructionSummaries, opcode);
    if (!summary) return undefined;
    const lines = [`**${opcode}** — ${summary}`, ''];
    if (PRIVILEGED.has(opcode)) {
        const exit = VMX_EXIT[opcode];
        lines.push(
            m.privileged(),
            m.fullTraps(MONITOR_HANDLER[opcode]),
            m.binaryCalls(MONITOR_HANDLER[opcode]),
            PV_EVENT_MASK.has(opcode) ? m.paraEventMask() : m.paraForbidden(),
            exit ? m.hardwareExit(exit.number, exit.handler) : m.hardwareNoExit(),
        );
    } else if (SENSITIVE_UNPRIVILEGED.has(opcode)) {
        lines.push(m.sensitive(), m.fullWrong(), m.binaryCalls(MONITOR_HANDLER[opcode]), m.hardwareCorrect());
    } else if (REVEALING.has(opcode)) {
        const exit = VMX_EXIT[opcode];
        lines.push(m.revealing(), m.fullSeesHost(), m.binaryTranslated(MONITOR_HANDLER[opcode]), m.hardwareAlwaysExits(exit.number, exit.handler));
    } else if (opcode === 'syscall') {
        lines.push(m.syscall());
    } else if (opcode === 'hypercall') {
        lines.push(m.hypercall());
    } else {
        lines.push(m.direct());
    }
    return lines.join('\n');
}

export function hwCommandHover(name: string): string | undefined {
    const info = Object.hasOwn(HW_COMMANDS, name) ? HW_COMMANDS[name] : undefined;
    if (!info) return undefined;
    const parts = [`**hw ${name}(${info.params.join(', ')})** — ${hwCommandDoc(name)}`];
    if (info.cost) parts.push(m.hwCost(info.cost));
    if (info.viaHost) parts.push(m.hwViaHost());
    return parts.join('\n\n');
}
