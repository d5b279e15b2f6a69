// What happens to an instruction the fast engine does not translate — the machine steps it, and
// what that means depends on who runs it under which technique: a syscall enters the kernel, a
// privileged instruction of guest kernel code traps to the monitor's handler (trap-and-emulate),
// is a callout of the translated code (binary translation) or a VM exit (VT-x), a sensitive but
// unprivileged one runs silently wrong (Popek–Goldberg), a handler's instruction runs on the real
// CPU. The Disassembly view writes it beside the instruction, with the handler's name, so a trap
// can be followed into the handler in the unified command set. Mirrors machine/sensitive.ts.
import { CLS_PRIVILEGED, CLS_REVEALING, CLS_SENSITIVE, OP, type Code, type Instr } from '../../simulator/cpu/code.js';
import type { Simulation } from '../../simulator/engine.js';
import { opName } from '../../simulator/cpu/opcodes.js';
import { frameLabel } from '../describe.js';
import { machineCodeMessages as m } from './messages.js';

/** Whether guest code runs in user mode: a program of a VM with an OS (its kernel's code does not). */
function userMode(sim: Simulation, code: Code): boolean {
    if (code.kind !== 'program') return false;
    return sim.model.vms.some((vm) => vm.host.index === code.host && vm.os !== undefined && vm.programs.some((p) => p?.name === code.name));
}

export function machinePath(sim: Simulation, code: Code, ins: Instr): string {
    const host = code.host !== undefined ? sim.machine.hosts[code.host] : undefined;
    if (ins.op === OP.syscall) return m.pathSyscall(ins.name);
    if (ins.op === OP.hypercall) return m.pathHypercall(ins.name, host?.hypercalls.get(ins.name)?.name ?? '?');
    if (ins.op === OP.hw) {
        const driver = host?.drivers.get(ins.name);
        return driver ? m.pathWorldSwitch(driver.name) : m.pathHardware(ins.name);
    }
    if (ins.cls === 0 || !host) return ins.bp ? m.pathBreakpoint() : m.pathStepped();
    // hypervisor and host code run privileged on the real CPU, and so does a native VM's kernel
    if (code.kind === 'handler' || code.kind === 'driver') return m.pathOnCpu();
    if (userMode(sim, code)) return ins.cls === CLS_PRIVILEGED ? m.pathUserFault(opName(ins.op)) : m.pathNative();
    const technique = host.technique;
    if (technique === 'native') return m.pathOnCpu();
    // EPT / NPT: the guest owns its page tables
    if (host.nestedPaging && (ins.op === OP.lcr3 || ins.op === OP.invlpg)) return m.pathNative();
    const handler = host.trapHandler[ins.op];
    const entered = handler ? m.pathEnters(frameLabel(host.trapName[ins.op]), handler.name) : m.pathNoHandler();
    if (ins.cls === CLS_SENSITIVE && technique !== 'binary') return m.pathSilent(opName(ins.op));
    if (ins.cls === CLS_REVEALING && technique !== 'hardware' && technique !== 'binary') return m.pathReveals(opName(ins.op));
    const masksInterrupts = ins.op === OP.cli || ins.op === OP.sti;
    if (ins.cls === CLS_PRIVILEGED && technique === 'para' && masksInterrupts) return m.pathEventMask();
    if (ins.cls === CLS_PRIVILEGED && (technique === 'hardware' || technique === 'binary') && masksInterrupts) return m.pathInline();
    return entered;
}
