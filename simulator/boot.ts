// The state at cycle 0: every pCPU idle at clock 0, every vCPU at the first instruction of its
// program with its user stack set, in its host's ready queue (in vCPU order). The scheduler then
// hands out the pCPUs (`Scheduler.start`).
import type { Code } from './cpu/code.js';
import { GUEST_IDT_BASE } from './cpu/semantics.js';
import { kernelStackTop, userStackTop } from './machine.js';
import { scheduleInputArrivals } from './machine/device-interrupts.js';
import { startTick } from './machine/interrupts.js';
import { BOOT_INFO_PROCESSES, Process, ProcessTable } from './machine/processes.js';
import type { MachineModel, VmModel } from './model.js';
import { Frame, HostState, L_GUEST, L_KERNEL, PcpuState, SimState, VcpuState, VmState } from './state.js';

/**
 * `programs`: per VM, per vCPU, the compiled program (compile.ts); a vCPU without one is done.
 * `later`: per VM, per vCPU, the programs after the first: the processes of vCPU 0 of a VM with an OS.
 */
export function bootState(model: MachineModel, programs: (Code | undefined)[][], boots: (Code | undefined)[] = [], later: (Code[][] | undefined)[] = []): SimState {
    const s = new SimState();
    for (const host of model.hosts) {
        const hs = new HostState(host);
        for (let i = 0; i < host.pcpus; i++) {
            const p = new PcpuState(s.pcpus.length, host.index, i);
            hs.pcpus.push(p.id);
            s.pcpus.push(p);
        }
        s.hosts.push(hs);
    }
    for (const vm of model.vms) {
        const vs = new VmState(vm, s.vcpus.length);
        s.vms.push(vs);
        for (let i = 0; i < vm.vcpus; i++) {
            const v = new VcpuState(s.vcpus.length, vm.index, i, `${vm.name}/vcpu${i}`);
            // the interrupt table the guest boots with, until it loads its own (what sidt shows)
            v.idt = GUEST_IDT_BASE;
            s.vcpus.push(v);
            const code = programs[vm.index][i];
            if (!code || code.instrs.length === 0) {
                v.done = true;
                continue;
            }
            const user = vm.os !== undefined;
            v.frames.push(programFrame(code, vm, i));
            const others = later[vm.index]?.[i];
            if (i === 0 && user && others !== undefined && others.length > 0) startProcesses(vs, v, [code, ...others]);
            const boot = boots[vm.index];
            if (i === 0 && boot && boot.instrs.length > 0) v.frames.push(bootFrame(boot, vm));
            s.hosts[vm.host.index].ready.push(v.id);
            if (i === 0) scheduleInputArrivals(vs, v);
        }
        if (vs.vcpus.every((id) => s.vcpus[id].done)) vs.status = 'halted';
    }
    return s;
}

/** A program's frame at its first instruction, with its user stack (a unikernel's: its kernel runs there). */
function programFrame(code: Code, vm: VmModel, vcpu: number): Frame {
    const user = vm.os !== undefined;
    const frame = new Frame('guest', code.name, code, user, user ? L_GUEST : L_KERNEL);
    frame.regs[8] = userStackTop(vm, vcpu);
    return frame;
}

/**
 * Several programs on vCPU 0 (machine/processes.ts): the first runs, the others wait at their
 * first instruction; the kernel finds their number in its boot information, and the tick starts.
 */
function startProcesses(vs: VmState, v: VcpuState, codes: Code[]): void {
    const list = codes.map((code, i) => new Process(code.name, i === 0 ? [] : [programFrame(code, vs.model, v.index)]));
    v.procs = new ProcessTable(list);
    vs.memory.write(BOOT_INFO_PROCESSES, codes.length);
    startTick(v, v.procs.tick);
}

/** Handler-like frames return to the instruction below without completing it (machine/layers.ts). */
const BOOT_VECTOR = 256;

/** The frame of an OS's `boot { }` (a debugger runs it before its entry stop). */
export function isBootFrame(frame: Frame): boolean {
    return frame.vector === BOOT_VECTOR;
}

/**
 * The OS's `boot { }` on top of vCPU 0's program: kernel code with the kernel stack that returns
 * to the program's first instruction, as a boot loader hands over (r0 = the VM's memory in 4 KiB frames,
 * r1 = its vCPUs: what a kernel learns from its boot loader's memory map).
 */
function bootFrame(code: Code, vm: VmModel): Frame {
    const frame = new Frame('kernel', 'boot', code, false, L_KERNEL);
    frame.vector = BOOT_VECTOR;
    frame.regs[0] = Math.floor(vm.memoryBytes / 4096) | 0;
    frame.regs[1] = vm.vcpus;
    frame.regs[8] = kernelStackTop(vm, 0);
    return frame;
}
