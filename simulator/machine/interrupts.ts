// A vCPU's interrupt controller (docs/language.md, Exceptions and interrupts): what is scheduled (the one-shot timer, a
// device's arrivals) in the vCPU's virtual time, what is raised and waits to be delivered, and
// `hlt` waiting for it. Delivery itself — entering the monitor or the guest kernel's handler —
// is exceptions.ts; this module only keeps the queue (`InterruptState`, state.ts) and never
// enters a layer, so devices.ts and hardware.ts may use it without an import cycle.
//
// A pending entry goes through stages: RAISED (the physical interrupt or the fault, not yet
// seen by anyone: the hypervisor takes it at the next guest instruction boundary) → HELD (its
// monitor handler runs) → INJECTED by `hw inject` (the guest kernel takes it when it can: an
// exception at once, an interrupt while the virtual `if` is 1) or WINDOW (VT-x without APICv and
// the guest has `if` = 0: an interrupt-window exit when it sets it). With no hypervisor in the
// way (natively, exceptions under VT-x, interrupts with APICv) it starts INJECTED.
import { TIMER_VECTOR } from '../../language/isa.js';
import type { HostCode, Machine } from '../machine.js';
import { IRQ_HELD, IRQ_INJECTED, IRQ_RAISED, IRQ_WINDOW, type InterruptState, type VcpuState, type VmState } from '../state.js';
import { emitStop, halt } from './stops.js';
import { reason, type StopReason } from '../stop-reason.js';
import { vectorName } from './vectors.js';

/** Whether the hypervisor takes this event first (its monitor has a handler for it), or it goes straight to the guest. */
export function hypervisorFirst(host: HostCode, maskable: boolean): boolean {
    switch (host.technique) {
        case 'full': case 'binary': case 'para':
            return (maskable ? host.events.interrupt : host.events.exception) !== undefined;
        case 'hardware':
            // the exception bitmap is empty: guest faults never exit; interrupts exit unless posted
            return maskable && !host.apicv && host.events.interrupt !== undefined;
    }
    // no hypervisor (a native run)
    return false;
}

/** Appends (or, for an exception, puts first) one pending entry. */
export function addPending(irq: InterruptState, first: boolean, vector: number, code: number, detail: number, since: number, stage: number, maskable: boolean, cause: StopReason | undefined): void {
    irq.ownPending();
    put(irq.vector, vector, first);
    put(irq.code, code, first);
    put(irq.detail, detail, first);
    put(irq.since, since, first);
    put(irq.stage, stage, first);
    put(irq.maskable, maskable ? 1 : 0, first);
    put(irq.reason, cause, first);
}

/** Adds `x` at the front of `a` (`first`) or at its end; the front of an empty queue (a page fault, commonly) is its end, without `unshift`'s cost. */
function put<T>(a: T[], x: T, first: boolean): void {
    if (first && a.length > 0) a.unshift(x);
    else a.push(x);
}

/** Removes element `i` of `a`, keeping the order (no allocation: this runs once per interrupt; `pop`, not `length--`, which V8 runs in its slow runtime). */
function removeAt(a: unknown[], i: number): void {
    for (let j = i + 1; j < a.length; j++) a[j - 1] = a[j];
    a.pop();
}

/** Removes pending entry `i`. */
export function removePending(irq: InterruptState, i: number): void {
    removeAt(irq.vector, i);
    removeAt(irq.code, i);
    removeAt(irq.detail, i);
    removeAt(irq.since, i);
    removeAt(irq.stage, i);
    removeAt(irq.maskable, i);
    removeAt(irq.reason, i);
}

/** An interrupt (vector ≥ 32) is raised on vCPU `v` at virtual time `since` (now, or when its timer expired). */
export function raise(m: Machine, vm: VmState, v: VcpuState, vector: number, since: number): void {
    const host = m.hosts[vm.model.host.index];
    vm.interrupts.raised++;
    const first = hypervisorFirst(host, true);
    addPending(v.irq, false, vector, 0, 0, since, first ? IRQ_RAISED : maskedStage(host, v), true, undefined);
    if (!first) reportMasked(m, vm, v);
    v.irq.due(v);
}

/** An interrupt the guest cannot take yet waits INJECTED, or, under VT-x without APICv, for a window exit. */
function maskedStage(host: HostCode, v: VcpuState): number {
    return host.technique === 'hardware' && !host.apicv && !v.iflag && host.events.window !== undefined ? IRQ_WINDOW : IRQ_INJECTED;
}

/**
 * `hw inject(vector, code)`: the monitor hands the event it holds (or a new one) to the guest.
 * An interrupt the guest cannot take yet waits (docs/language.md, Exceptions and interrupts).
 */
export function inject(m: Machine, vm: VmState, v: VcpuState, vector: number, code: number): void {
    const irq = v.irq;
    const host = m.hosts[vm.model.host.index];
    let i = -1;
    for (let j = 0; j < irq.vector.length; j++) {
        if (irq.stage[j] === IRQ_HELD && irq.vector[j] === vector) {
            i = j;
            break;
        }
    }
    if (i < 0) {
        // a monitor injecting on its own: an interrupt (≥ 32) or an exception
        const maskable = vector >= TIMER_VECTOR;
        if (maskable) vm.interrupts.raised++;
        addPending(irq, !maskable, vector, code, 0, v.ran, IRQ_HELD, maskable, maskable ? undefined : reason('injected-exception', vector));
        i = maskable ? irq.vector.length - 1 : 0;
    }
    if (irq.maskable[i] === 1) {
        irq.stage[i] = maskedStage(host, v);
        reportMasked(m, vm, v);
    } else {
        irq.stage[i] = IRQ_INJECTED;
        irq.code[i] = code;
    }
    irq.due(v);
}

/**
 * The popf hole, told when it bites: an interrupt waits while the hypervisor sees `if` = 0 only
 * because a `popf` that set it back to 1 did not trap (the debugger's exception stop).
 */
function reportMasked(m: Machine, vm: VmState, v: VcpuState): void {
    const irq = v.irq;
    if (v.iflag || irq.popf === undefined) return;
    const i = irq.maskable.indexOf(1);
    if (i < 0) return;
    const name = vectorName(vm.model.host, irq.vector[i]);
    emitStop(m, 'interrupt', vm, v, reason('interrupt-held-back', name, irq.since[i], irq.popf.line), irq.popf);
}

/**
 * Under `full`, a `popf` in the guest kernel meant to set `if` to `wanted` and did not trap:
 * the hypervisor keeps its own value. Remembered for the description of what that delays.
 */
export function popfDidNotTrap(m: Machine, vm: VmState, v: VcpuState, wanted: boolean, at: VcpuState['irq']['popf']): void {
    if (!wanted || v.iflag) return;
    v.irq.popf = at;
    reportMasked(m, vm, v);
}

/** Schedules `vector` on vCPU `v` in `delay` cycles of its virtual time (a device's arrival, the timer). */
export function scheduleInterrupt(v: VcpuState, vector: number, delay: number): void {
    v.irq.ownScheduled();
    v.irq.at.push(v.ran + Math.max(0, delay));
    v.irq.atVector.push(vector);
    v.irq.due(v);
}

/** Removes scheduled entry `i` (it is being raised). */
export function unschedule(irq: InterruptState, i: number): void {
    removeAt(irq.at, i);
    removeAt(irq.atVector, i);
}

/** Arms vCPU `v`'s one-shot timer `delay` cycles of its virtual time ahead (replacing an armed one; ≤ 0 disarms). */
export function armTimer(v: VcpuState, delay: number): void {
    const irq = v.irq;
    for (let i = irq.at.length - 1; i >= 0; i--) {
        if (irq.atVector[i] === TIMER_VECTOR) {
            removeAt(irq.at, i);
            removeAt(irq.atVector, i);
        }
    }
    if (delay > 0) scheduleInterrupt(v, TIMER_VECTOR, delay);
    else irq.due(v);
}

/** Starts vCPU `v`'s periodic tick (processes.ts), `period` cycles of its virtual time apart: its own slot, beside the one-shot timer. */
export function startTick(v: VcpuState, period: number): void {
    v.irq.tickAt = v.ran + period;
    v.irq.due(v);
}

/** Raises whatever was scheduled at or before the vCPU's virtual time, in time order (ties: as scheduled, the periodic tick last). */
export function fireDue(m: Machine, vm: VmState, v: VcpuState): void {
    const irq = v.irq;
    for (;;) {
        let next = -1;
        for (let i = 0; i < irq.at.length; i++) if (irq.at[i] <= v.ran && (next < 0 || irq.at[i] < irq.at[next])) next = i;
        const tick = irq.tickAt;
        if (tick <= v.ran && (next < 0 || tick < irq.at[next]) && v.procs !== undefined) {
            // a vCPU running processes ticks periodically (machine/processes.ts)
            irq.tickAt = tick + v.procs.tick;
            raise(m, vm, v, TIMER_VECTOR, tick);
            continue;
        }
        if (next < 0) return;
        const at = irq.at[next];
        const vector = irq.atVector[next];
        unschedule(irq, next);
        raise(m, vm, v, vector, at);
    }
}

/** Something may still interrupt the vCPU: a scheduled interrupt, or one raised that nobody holds. */
export function canInterrupt(v: VcpuState): boolean {
    const irq = v.irq;
    if (irq.at.length > 0 || irq.tickAt !== Infinity) return true;
    // (an indexed loop: every VM that halts asks, mostly of nothing, and an iterator allocates until optimized)
    const stage = irq.stage;
    for (let i = 0; i < stage.length; i++) if (stage[i] !== IRQ_HELD) return true;
    return false;
}

/**
 * `hlt` (or the monitor's `hw halt`): with `if` = 1 and something that can still interrupt, the
 * vCPU waits for it — virtual time runs on to the next scheduled interrupt, the pCPU is given
 * back until the host reaches that cycle — and goes on after the `hlt`; otherwise it stops for
 * good, as without interrupts. True when it waits.
 */
export function idle(m: Machine, vm: VmState, v: VcpuState, message: StopReason): boolean {
    // with processes, the exit path's `hlt` ends the process; while others live it waits for the tick
    if (v.procs !== undefined && !v.procs.endRunning()) {
        halt(m, vm, v, message);
        return false;
    }
    // a delivery gate (compare) opens at an instruction count, which re-derives nothing by itself
    if (v.irq.gate !== undefined) v.irq.due(v);
    if (!v.iflag || !canInterrupt(v)) {
        halt(m, vm, v, message);
        return false;
    }
    // one that can be taken now: at the next instruction boundary
    if (v.irqAt <= v.ran) return true;
    const delta = v.irqAt - v.ran;
    if (!Number.isFinite(delta)) {
        halt(m, vm, v, message);
        return false;
    }
    v.ran += delta;
    v.wakeAt = m.cpu.time + delta;
    v.yielded = true;
    return true;
}

/** Raises `vector` on the VM now (a device's interrupt): on vCPU `index` (default 0), waking it if it waits in `hlt`. */
export function raiseInterrupt(m: Machine, vm: VmState, vector: number, index = 0): void {
    const v = m.state.vcpus[vm.vcpus[index]];
    if (!v || v.done || vm.status !== 'running') return;
    const now = m.cpu?.time ?? 0;
    if (v.wakeAt > now) {
        // it slept until its timer: it wakes now instead, its virtual time only this far on
        v.ran -= v.wakeAt - now;
        if (v.pcpu < 0 && v.readySince > now) v.readySince = now;
        v.wakeAt = now;
    }
    raise(m, vm, v, vector, v.ran);
}

/** Interrupts still waiting when the VM ended: lost (the result's `interrupts.lost`). */
export function pendingInterrupts(v: VcpuState): number {
    let n = 0;
    for (const maskable of v.irq.maskable) n += maskable;
    return n;
}
