// Exceptions and interrupts (docs/language.md, Exceptions and interrupts): the one path that delivers them to a vCPU.
//
// How other features use it (the API; its signatures stay as they are, new ones are added):
//
//   raiseException(m, vm, v, vector, value, detail?, cause?) → boolean
//       A synchronous fault of the instruction at the top of `v`'s stack (vector 0 divide error,
//       6 invalid opcode, 13 general protection, 14 page fault: `value` = the error code or the
//       faulting address, `detail` = a page fault's error code). True when the guest handles it:
//       the faulting instruction has not completed, its handler runs at the next step and its
//       `ret` / `iret` runs the instruction again. False when no guest handler exists (no `fault`
//       handler in its OS, no `lidt` table): the caller stops the VM as before (`faulted`).
//       Machine.step calls it for every `Fault` a step throws (vector from its mnemonic, value
//       from `Fault.value`), so throwing `new Fault('#PF', message, address, code)` is enough.
//   raiseInterrupt(m, vm, vector, vcpu?)      an asynchronous interrupt now (a device: vector
//                                             `deviceVector(host, deviceIndex)`), waking a vCPU in `hlt`
//   scheduleInterrupt(v, vector, delay)       one `delay` cycles of the vCPU's virtual time ahead
//   armTimer(v, delay)                        the one-shot timer (vector 32): `out TIMERDEV, N`, `hw timer(N)`
//   inject(m, vm, v, vector, code)            `hw inject`: the monitor hands an event to the guest
//   idle(m, vm, v, message) → boolean         `hlt`: wait for an interrupt, or stop as before
//
// Delivery happens at instruction boundaries: every executor compares `v.ran` (the vCPU's
// virtual time) with `v.irqAt` before each instruction it does not run in a batch, and bounds
// its batches so they end where `v.irqAt` falls; then it calls `Machine.interrupt`, which
// calls `takeInterrupt` here. Entering a handler is one step, like any layer entry. While
// nothing is pending or armed `irqAt` is Infinity and costs the executors one comparison.
//
// Under a hypervisor an interrupt (and under trap-and-emulate, binary translation and
// paravirtualization an exception too) enters the monitor first — `on interrupt(vector)`,
// `on exception(vector, code)`, or the VT-x exits EXTERNAL_INTERRUPT / INTERRUPT_WINDOW — whose
// `hw inject` hands it on (interrupts.ts has the stages). The guest kernel's handler then runs:
// its OS's `fault NAME` / `interrupt NAME` body (own registers, the kernel stack), or for a
// kernel without OS the `lidt LABEL` entry, sharing the interrupted code's registers with r0 =
// vector, r1 = the error code or address (both restored by `iret`). Either runs with `if` = 0
// and returns to the interrupted instruction, restoring `if` (layers.ts, `finish`).
import { SP } from '../cpu/code.js';
import type { EventEntry, Machine } from '../machine.js';
import { Frame, IRQ_HELD, IRQ_INJECTED, IRQ_RAISED, IRQ_WINDOW, L_HYPERVISOR, L_KERNEL, PK_INT, type VcpuState, type VmState } from '../state.js';
import { charge, countExit } from './costs.js';
import { hypervisorFirst, addPending, removePending, fireDue } from './interrupts.js';
import { checkDepth, enter, kernelStackTop, MAX_LAYER_DEPTH, newFrame, pushFrame, finish } from './layers.js';
import { emitStop, kill, type Fault } from './stops.js';
import { FUSED_ENTRY_STEPS, fusedEntry, fusedEntryFits } from './fused-entry.js';
import { handlerFrameName } from './vectors.js';
import { tickEntered } from './processes.js';
import { TIMER_VECTOR } from '../../language/isa.js';
import { reason, withVector, type StopReason } from '../stop-reason.js';

export { armTimer, idle, inject, raiseInterrupt, scheduleInterrupt } from './interrupts.js';
export { deviceVector, vectorOfMnemonic } from './vectors.js';

/** A kernel handler's stack: 4 KiB below the kernel stack top, so it does not write over the syscall it interrupted. */
const HANDLER_STACK_BELOW = 0x1000;

/** See the top of this file. */
export function raiseException(m: Machine, vm: VmState, v: VcpuState, vector: number, value: number, detail = 0, cause?: StopReason): boolean {
    const f = v.frames[v.frames.length - 1];
    if (f === undefined || f.code === undefined || f.layer > L_KERNEL || vm.status !== 'running' || v.done) return false;
    if (!hasGuestHandler(m, vm, v, vector)) return false;
    // no room for the monitor's and the handler's frames: the double fault of layers.ts instead
    if (v.frames.length + 3 > MAX_LAYER_DEPTH) return false;
    vm.countFault(vector);
    const host = m.hosts[vm.model.host.index];
    const stage = hypervisorFirst(host, false) ? IRQ_RAISED : IRQ_INJECTED;
    addPending(v.irq, true, vector, value, detail, v.ran, stage, false, cause ?? reason('injected-exception', vector));
    v.irq.due(v);
    return true;
}

/**
 * A fault the monitor found itself (a true page fault behind a hidden one: `hw shadow_fill`)
 * and holds: its `hw inject(vector, …)` hands it to the guest kernel, with its address and
 * error code; with no guest handler the delivery stops the VM with the fault's reason.
 */
export function holdException(m: Machine, vm: VmState, v: VcpuState, vector: number, fault: Fault): void {
    if (hasGuestHandler(m, vm, v, vector)) vm.countFault(vector);
    addPending(v.irq, true, vector, fault.value, fault.detail, v.ran, IRQ_HELD, false, withVector(fault.reason, fault.vector));
}

function hasGuestHandler(m: Machine, vm: VmState, v: VcpuState, vector: number): boolean {
    return m.vms[vm.model.index].vectors[vector] !== undefined || v.idtCode !== undefined;
}

/**
 * At an instruction boundary with `v.ran >= v.irqAt`: raises what its timers scheduled, then
 * delivers the first event that can be taken, if the vCPU is in guest code. Returns the steps
 * that took: 1 when it entered a handler, 0 when nothing, FUSED_ENTRY_STEPS when the fast engine
 * asked to fuse (`fuseUntil` ≥ 0: the chunk's end) and the monitor's handler ran whole
 * (fused-entry.ts); the caller counts them and catches a `Fault`.
 */
export function takeInterrupt(m: Machine, v: VcpuState, fuseUntil = -1): number {
    const vm = m.state.vms[v.vm];
    v.wakeAt = -1;
    fireDue(m, vm, v);
    const f = v.frames[v.frames.length - 1];
    let took = 0;
    if (f !== undefined && f.code !== undefined && f.layer <= L_KERNEL && !v.done && vm.status === 'running') {
        const i = deliverable(v);
        if (i >= 0) {
            const host = m.hosts[vm.model.host.index];
            if (fuseUntil >= 0 && v.irq.stage[i] === IRQ_RAISED && fusedEntryFits(m, v, host, v.irq.maskable[i] === 1, fuseUntil)) {
                fusedEntry(m, vm, v, host, i);
                return FUSED_ENTRY_STEPS;
            }
            took = 1;
            deliver(m, vm, v, i);
        }
    }
    v.irq.due(v);
    return took;
}

/** The first pending event the guest can take now (exceptions come first), or −1. */
function deliverable(v: VcpuState): number {
    const irq = v.irq;
    for (let i = 0; i < irq.vector.length; i++) {
        const stage = irq.stage[i];
        if (stage === IRQ_RAISED) return i;
        if ((stage === IRQ_INJECTED || stage === IRQ_WINDOW) && (irq.maskable[i] === 0 || (v.iflag && irq.gateAllows(v, i)))) return i;
    }
    return -1;
}

function deliver(m: Machine, vm: VmState, v: VcpuState, i: number): void {
    const irq = v.irq;
    const host = m.hosts[vm.model.host.index];
    const stage = irq.stage[i];
    if (stage === IRQ_RAISED) {
        const maskable = irq.maskable[i] === 1;
        irq.stage[i] = IRQ_HELD;
        enterMonitor(m, vm, v, maskable ? host.events.interrupt! : host.events.exception!, maskable ? 'interrupt' : 'fault', irq.vector[i], irq.code[i]);
        return;
    }
    if (stage === IRQ_WINDOW) {
        irq.stage[i] = IRQ_HELD;
        enterMonitor(m, vm, v, host.events.window!, 'window', irq.vector[i], 0);
        return;
    }
    const vector = irq.vector[i];
    const code = irq.code[i];
    const detail = irq.detail[i];
    const since = irq.since[i];
    const maskable = irq.maskable[i] === 1;
    const cause = irq.reason[i];
    removePending(irq, i);
    if (maskable) irq.gate?.delivered(v, vector);
    enterGuestHandler(m, vm, v, vector, code, detail, maskable, cause, since);
}

/** The hypervisor takes the event: a trap (a VM exit under `hardware`) into the monitor's handler. */
function enterMonitor(m: Machine, vm: VmState, v: VcpuState, entry: EventEntry, exit: string, vector: number, code: number): void {
    const host = m.hosts[vm.model.host.index];
    checkDepth(v);
    charge(m, vm, v, L_HYPERVISOR, host.technique === 'hardware' ? host.costs.exit : host.costs.trap);
    countExit(vm, exit);
    const frame = newFrame(m, 'hypervisor', entry.name, entry.code, false, L_HYPERVISOR);
    frame.vector = vector;
    // two-element arrays: a push onto the empty ones allocates room for 17 (a fault a page in demand paging)
    frame.pk = [PK_INT, PK_INT];
    frame.pv = [vector, code];
    enter(m, vm, v, frame);
}

/** The guest kernel's handler for `vector`: its OS's, or its `lidt` table's; none: an exception stops the VM, an interrupt is lost. */
export function enterGuestHandler(m: Machine, vm: VmState, v: VcpuState, vector: number, code: number, detail: number, maskable: boolean, cause: StopReason | undefined, since: number): void {
    const host = m.hosts[vm.model.host.index];
    const interrupted = v.frames[v.frames.length - 1];
    const osHandler = m.vms[vm.model.index].vectors[vector];
    if (osHandler === undefined && v.idtCode === undefined) {
        if (maskable) {
            vm.interrupts.lost++;
            return;
        }
        // the table went away between the fault and its delivery: stopped as without a handler
        const at = interrupted.code?.instrs[Math.min(interrupted.pc, interrupted.code.instrs.length - 1)]?.loc;
        const why = cause ?? reason('injected-exception', vector);
        countExit(vm, 'fault');
        kill(m, vm, 'faulted', why, at);
        emitStop(m, 'fault', vm, v, why, at);
        return;
    }
    checkDepth(v);
    // in VMX non-root mode the CPU delivers through the guest's table after checking the VMCS
    charge(m, vm, v, L_KERNEL, host.costs.exception + (host.technique === 'hardware' ? host.costs.exception_vmx : 0));
    if (maskable) {
        vm.interrupts.delivered++;
        const delay = v.ran - since;
        if (delay > vm.interrupts.maxDelay) vm.interrupts.maxDelay = delay;
    }
    let frame: Frame;
    if (osHandler !== undefined) {
        frame = newFrame(m, 'kernel', handlerFrameName(host.model, vector, maskable), osHandler, false, L_KERNEL);
        frame.regs[SP] = kernelStackTop(vm.model, v.index) - HANDLER_STACK_BELOW;
        frame.pk = [PK_INT, PK_INT];
        frame.pv = [code, detail];
        frame.saved = [v.iflag ? 1 : 0];
        if (vector === TIMER_VECTOR) tickEntered(v);
    } else {
        // a kernel without OS: its table's entry, on the interrupted code's own registers
        frame = new Frame('kernel', handlerFrameName(host.model, vector, maskable), v.idtCode, false, L_KERNEL, undefined, interrupted.regs);
        frame.pc = v.idt;
        frame.saved = [v.iflag ? 1 : 0, interrupted.regs[0], interrupted.regs[1]];
        frame.zf = interrupted.zf;
        frame.sf = interrupted.sf;
        interrupted.regs[0] = vector;
        interrupted.regs[1] = code;
    }
    frame.vector = vector;
    frame.reason = cause;
    v.iflag = false;
    pushFrame(m, v, frame);
    if (frame.pc >= frame.code!.instrs.length) finish(m, vm, v, frame);
}
