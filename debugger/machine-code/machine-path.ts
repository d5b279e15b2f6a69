// What happens to an instruction the fast engine does not translate — the machine steps it, and
// what that means depends on who runs it under which technique: a syscall enters the kernel, a
// privileged instruction of guest kernel code traps to the monitor's handler (trap-and-emulate),
// is a callout of the translated code (binary translation) or a VM exit (VT-x), a sensitive but
// unprivileged one runs silently wrong (Popek–Goldberg), a handler's instruction runs on the real
// CPU. The Disassembly view writes it beside the instruction, with the handler's name, so a trap
// can be followed into the handler in the unified command set. The decision is the machine's own
// (simulator/machine/instruction-path.ts); this file only words it.
import { K, OP, type Code, type Instr } from '../../simulator/cpu/code.js';
import { instructionPath } from '../../simulator/machine/instruction-path.js';
import type { VmModel } from '../../simulator/model.js';
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
    const user = userMode(sim, code);
    const entered = () => {
        const handler = host.trapHandler[ins.op];
        return handler ? m.pathEnters(frameLabel(host.trapName[ins.op]), handler.name) : m.pathNoHandler();
    };
    switch (instructionPath(ins.cls, ins.op, host, user, code.kind === 'handler' || code.kind === 'driver')) {
        case 'on-cpu': return user ? m.pathNative() : m.pathOnCpu();
        case 'user-fault': return m.pathUserFault(opName(ins.op));
        case 'device': return toOwnDevice(sim, code, ins) ? m.pathPassthrough() : entered();
        case 'event-mask': return m.pathEventMask();
        case 'inline-flag': return m.pathInline();
        case 'unintercepted': return m.pathNative();
        case 'no-trap': return user || host.technique === 'hardware' ? m.pathNative() : m.pathSilent(opName(ins.op));
        case 'reveals': return user ? m.pathNative() : m.pathReveals(opName(ins.op));
        case 'hypervisor': case 'undefined': return entered();
    }
}

/**
 * Whether an in / out names a device (`out com1, …`) every VM running this code was given as
 * passthrough: it goes to the device, no trap. A port in a register is known only when it runs.
 */
function toOwnDevice(sim: Simulation, code: Code, ins: Instr): boolean {
    const [kind, device] = ins.op === OP.out ? [ins.ak, ins.av] : [ins.bk, ins.bv];
    if (kind !== K.dev) return false;
    const vms = vmsRunning(sim, code);
    return vms.length > 0 && vms.every((vm) => vm.passthrough.has(device));
}

/** The VMs on the code's host that run it: a program's VMs, or for a kernel's code the VMs of that OS. */
function vmsRunning(sim: Simulation, code: Code): VmModel[] {
    const onHost = sim.model.vms.filter((vm) => vm.host.index === code.host);
    if (code.kind === 'program') return onHost.filter((vm) => vm.programs.some((p) => p?.name === code.name));
    const os = code.name.split('.')[0];
    return onHost.filter((vm) => vm.os?.name === os);
}
