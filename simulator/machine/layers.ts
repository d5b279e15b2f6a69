// Entering and leaving layers: the frames of a vCPU (guest, kernel, hypervisor, host, hardware),
// syscalls into the guest OS, traps / callouts / VM exits into the monitor's handler, hypercalls,
// and returning — a frame that runs off its end hands its r0 to the instruction that entered it.
// Every layer change is a `Transition` for the listener. (Host drivers and hardware frames are
// entered by hardware.ts.)
import { EXIT_REASON, TIMER_VECTOR, type CostTable } from '../../language/isa.js';
import { HW_INFO, OP, SP, type Code, type Instr } from '../cpu/code.js';
import { opName } from '../cpu/opcodes.js';
import type { HostCode, Machine } from '../machine.js';
import type { VmModel } from '../model.js';
import { Frame, L_HOST, L_HYPERVISOR, L_KERNEL, PK_DEV, PK_INT, type FrameKind, type VcpuState, type VmState } from '../state.js';
import { charge, countExit } from './costs.js';
import { checkAssigned, countDeviceExit } from './devices.js';
import { arg, bind, pass, pop32, push32, setDest } from './operands.js';
import { Fault, halt } from './stops.js';
import { programEnded, tickReturned } from './processes.js';
import { reason } from '../stop-reason.js';

/** Register files kept for reuse (bounded: a deep stack unwinding once need not be kept). */
const SPARE_REGS = 32;

/**
 * Frames a vCPU may hold at once (guest, syscalls, handlers, host drivers, hardware commands): a
 * legitimate stack is at most five deep, so only recursion across layers (a syscall making
 * itself, a kernel and its monitor calling each other) gets near it. Entering one more is a
 * double fault, as on a real CPU whose kernel stack runs out: the VM ends `faulted`.
 */
export const MAX_LAYER_DEPTH = 64;

/** Refuses to enter a frame past MAX_LAYER_DEPTH; every entry checks before it charges or counts anything. */
export function checkDepth(v: VcpuState): void {
    if (v.frames.length >= MAX_LAYER_DEPTH) {
        throw new Fault('#DF', reason('layer-depth', MAX_LAYER_DEPTH));
    }
}

/** Top of the stack of a handler or host driver (hypervisor memory, not the guest's). */
export const HANDLER_STACK_TOP = 0x10000;

/** Where a vCPU's user stack starts: below 1 MiB (or the VM's memory), 16 KiB apart per vCPU. */
export function userStackTop(vm: VmModel, vcpu: number): number {
    const top = vm.memoryBytes > 0 ? Math.min(vm.memoryBytes, 0x100000) : 0x100000;
    return Math.max(0, top - vcpu * 0x4000) | 0;
}

/** The kernel stack: 8 KiB below the user stack top of the same vCPU. */
export function kernelStackTop(vm: VmModel, vcpu: number): number {
    return Math.max(0, userStackTop(vm, vcpu) - 0x2000) | 0;
}

/** A new frame, with the register file of a returned one if there is one (a new Int32Array costs ~100 ns). */
export function newFrame(m: Machine, kind: FrameKind, name: string, code: Code | undefined, user: boolean, layer: number, at?: Instr['loc']): Frame {
    return new Frame(kind, name, code, user, layer, at, m.spareRegs.pop());
}

/** A returned frame is never looked at again (snapshots copy registers): its registers are reused. */
function recycle(m: Machine, f: Frame): void {
    if (m.spareRegs.length >= SPARE_REGS) return;
    const r = f.regs;
    // nine stores: cheaper than the `fill` builtin call
    r[0] = 0; r[1] = 0; r[2] = 0; r[3] = 0; r[4] = 0; r[5] = 0; r[6] = 0; r[7] = 0; r[8] = 0;
    m.spareRegs.push(r);
}

export function pushFrame(m: Machine, v: VcpuState, frame: Frame): void {
    checkDepth(v);
    const from = v.frames[v.frames.length - 1];
    v.frames.push(frame);
    if (m.listener.transition) {
        m.listener.transition({ vcpu: v.name, pcpu: m.cpu.id, time: m.cpu.time, direction: 'enter', from: from?.kind ?? 'guest', to: frame.kind, name: frame.name });
    }
}

/** Enters a frame with code; an empty body returns at once. */
export function enter(m: Machine, vm: VmState, v: VcpuState, frame: Frame): void {
    pushFrame(m, v, frame);
    if (frame.code!.instrs.length === 0) finish(m, vm, v, frame);
}

/** Moves past the current instruction; a body that runs off its end returns. */
export function advance(m: Machine, vm: VmState, v: VcpuState, f: Frame): void {
    f.pc++;
    if (f.pc >= f.code!.instrs.length) finish(m, vm, v, f);
}

/** A frame is done: hand its r0 to the frame below and complete the instruction that entered it. */
export function finish(m: Machine, vm: VmState, v: VcpuState, f: Frame): void {
    if (v.frames.length === 1) {
        // the guest program ran off its end (or returned): this vCPU has nothing left, unless another process does
        if (!programEnded(m, vm, v)) halt(m, vm, v, reason('program-ended'));
        return;
    }
    v.frames.pop();
    const parent = v.frames[v.frames.length - 1];
    if (m.listener.transition) {
        m.listener.transition({ vcpu: v.name, pcpu: m.cpu.id, time: m.cpu.time, direction: 'leave', from: f.kind, to: parent.kind, name: f.name });
    }
    if (f.vector >= 0 || f.pagingWork !== undefined) {
        returnFromEvent(m, v, f, parent);
        // the OS's tick: the kernel may have loaded another process's directory
        if (f.vector === TIMER_VECTOR && f.kind === 'kernel' && v.procs !== undefined) tickReturned(m, vm, v);
        return;
    }
    if (f.kind === 'host') charge(m, vm, v, L_HOST, m.hosts[vm.model.host.index].costs.world_switch);
    const result = f.regs[0];
    recycle(m, f);
    if (parent.kind === 'hardware') {
        // cannot happen: hardware frames have no children
        return;
    }
    const ins = parent.code!.instrs[parent.pc];
    complete(m, vm, v, parent, ins, result);
}

/**
 * An exception or interrupt handler (machine/exceptions.ts) returns: the interrupted instruction
 * runs next (again, after a fault), nothing is completed; the guest kernel's handler restores
 * `if` and, sharing the interrupted code's registers (`lidt`), r0 and r1.
 */
function returnFromEvent(m: Machine, v: VcpuState, f: Frame, parent: Frame): void {
    const saved = f.saved;
    if (saved !== undefined) {
        if (saved.length > 1) {
            parent.regs[0] = saved[1];
            parent.regs[1] = saved[2];
        }
        v.iflag = saved[0] === 1;
    }
    if (f.regs !== parent.regs) recycle(m, f);
}

/** The guest-side frame (guest or kernel) nearest the top: whose flags and accesses a handler sees. */
export function guestFrame(v: VcpuState): Frame | undefined {
    for (let i = v.frames.length - 1; i >= 0; i--) if (v.frames[i].layer <= L_KERNEL) return v.frames[i];
    return undefined;
}

/** Writes a handler's, syscall's or hardware command's result where the instruction wants it, then moves on. */
function complete(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, result: number): void {
    switch (ins.op) {
        case 30 satisfies typeof OP.syscall:
        case 46 satisfies typeof OP.hypercall:
            f.regs[0] = result;
            break;
        case 47 satisfies typeof OP.hw:
            if (ins.hw >= 0 && HW_INFO[ins.hw].result) f.regs[0] = result;
            break;
        case 31 satisfies typeof OP.in:
        case 41 satisfies typeof OP.sgdt:
        case 42 satisfies typeof OP.sidt:
        case 43 satisfies typeof OP.smsw:
        case 44 satisfies typeof OP.cpuid:
        case 45 satisfies typeof OP.rdtsc:
            setDest(f, ins.ak, ins.av, result);
            break;
        case 40 satisfies typeof OP.pushf:
            push32(m, vm, v, f, result);
            break;
    }
    if (v.done) return;
    advance(m, vm, v, f);
}

export function syscall(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
    const code = m.vms[vm.model.index].syscalls.get(ins.name);
    if (!vm.model.os) throw new Fault('#UD', reason('syscall-without-os', ins.name));
    if (!code) throw new Fault('#UD', reason('unknown-syscall', vm.model.os.name, ins.name));
    checkDepth(v);
    charge(m, vm, v, L_KERNEL, host.costs.syscall);
    // binary translation: the kernel entry is translated code; trap-and-emulate: the deprivileged
    // kernel cannot take the trap itself, the monitor receives it and reflects it into the kernel
    if (host.technique === 'binary') charge(m, vm, v, L_HYPERVISOR, host.costs.syscall_bt);
    else if (host.technique === 'full') charge(m, vm, v, L_HYPERVISOR, host.costs.trap);
    const frame = newFrame(m, 'kernel', `syscall ${ins.name}`, code, false, L_KERNEL);
    bind(m, f, frame, ins.argk, ins.argv);
    // the kernel entry path saves the caller's registers: the syscall gets its own, and its own stack
    frame.regs[SP] = kernelStackTop(vm.model, v.index);
    enter(m, vm, v, frame);
}

export function hypercall(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
    if (f.user) throw new Fault('#UD', reason('hypercall-from-user-mode', ins.name));
    // under `hardware`, a hypercall is a VMCALL exit to the interface of the hypervisor's profile
    const vmcall = host.technique === 'hardware' && host.hypercalls.size > 0;
    if (host.technique !== 'para' && !vmcall) throw new Fault('#UD', reason('hypercall-not-para', ins.name, host.model.name));
    const code = host.hypercalls.get(ins.name);
    if (!code) throw new Fault('#UD', reason('unknown-hypercall', ins.name));
    checkDepth(v);
    // a device the kernel names must be one its VM was given (the monitor trusts what it is passed)
    let device = -1;
    for (let i = 0; i < ins.argk.length; i++) {
        arg(m, f, ins.argk[i], ins.argv[i]);
        if (m.argKind !== PK_DEV) continue;
        checkAssigned(m, vm, PK_DEV, m.argValue);
        if (device < 0) device = m.argValue;
    }
    // a hypercall naming a device is that device's way into the hypervisor (console_io, …)
    if (device >= 0) countDeviceExit(vm, PK_DEV, device);
    charge(m, vm, v, L_HYPERVISOR, vmcall ? host.costs.exit : host.costs.hypercall);
    vm.countHypercall(ins.name);
    const frame = newFrame(m, 'hypervisor', `hypercall ${ins.name}`, code, false, L_HYPERVISOR);
    bind(m, f, frame, ins.argk, ins.argv);
    enter(m, vm, v, frame);
}

/** A trap (full, para), callout (binary) or VM exit (hardware) into the monitor's handler. */
export function enterHypervisor(m: Machine, vm: VmState, v: VcpuState, f: Frame, ins: Instr, host: HostCode): void {
    const code = host.trapHandler[ins.op];
    if (!code) throw new Fault('#GP', reason('no-monitor-handler', host.technique, opName(ins.op)));
    checkDepth(v);
    charge(m, vm, v, L_HYPERVISOR, entryCost(host.technique, host.costs));
    // a VM exit switches the MMU to the host's context: without VPID / ASID the TLB goes
    if (host.technique === 'hardware' && !host.taggedTlb) v.tlb.flush();
    // counted by the reasons of the language's list (language/isa.ts): a binary callout for
    // pushf, popf, sgdt, sidt or smsw has none of them and is not counted
    countExit(vm, EXIT_REASON_BY_OP[ins.op]);
    const frame = newFrame(m, 'hypervisor', host.trapName[ins.op], code, false, L_HYPERVISOR);
    // the handler's parameters: out (dev, value); in (dev); lcr3/invlpg/lidt (operand); popf (the popped word)
    switch (ins.op) {
        case 32 satisfies typeof OP.out:
            pass(m, f, frame, ins.ak, ins.av);
            pass(m, f, frame, ins.bk, ins.bv);
            countDeviceExit(vm, frame.pk[0], frame.pv[0]);
            break;
        case 31 satisfies typeof OP.in:
            pass(m, f, frame, ins.bk, ins.bv);
            countDeviceExit(vm, frame.pk[0], frame.pv[0]);
            break;
        case 36 satisfies typeof OP.lcr3: case 37 satisfies typeof OP.invlpg: case 38 satisfies typeof OP.lidt:
            pass(m, f, frame, ins.ak, ins.av);
            break;
        case 39 satisfies typeof OP.popf:
            frame.pk.push(PK_INT);
            frame.pv.push(pop32(m, vm, v, f));
            break;
    }
    enter(m, vm, v, frame);
}

/** What entering the monitor costs: a VM exit, a callout, or a trap. */
function entryCost(technique: HostCode['technique'], costs: CostTable): number {
    return technique === 'hardware' ? costs.exit : technique === 'binary' ? costs.callout : costs.trap;
}

/** EXIT_REASON by opcode (undefined: not counted), so a trap does no name lookups. */
const EXIT_REASON_BY_OP: (string | undefined)[] = [];
for (const [name, code] of Object.entries(OP)) EXIT_REASON_BY_OP[code] = Object.hasOwn(EXIT_REASON, name) ? EXIT_REASON[name] : undefined;
