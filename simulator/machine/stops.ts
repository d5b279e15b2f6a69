// How vCPUs and VMs stop: a guest fault raised inside a step (turned into the VM's `faulted`
// status), a bound of the simulator itself (`limit`), a halt, a kill from outside (fault
// injection, the cycle limit); and the stop events the listener hears.
import type { PagingWork } from '../../language/isa.js';
import type { Instr } from '../cpu/code.js';
import type { Machine } from '../machine.js';
import type { Frame, VcpuState, VmState } from '../state.js';
import { countExit } from './costs.js';
import { englishText, withVector, type StopReason } from '../stop-reason.js';
import type { StopEvent, StopKind } from './events.js';

/**
 * Raised inside a step; turned into the VM's `faulted` status. The reason is an entry of
 * simulator/messages.ts: `new Fault('#GP', reason('privileged-in-user-mode', 'cli'))`.
 */
export class Fault {
    constructor(
        readonly vector: string,
        readonly reason: StopReason,
        /** The error code or faulting address a guest handler gets (exceptions.ts), and a page fault's error code. */
        readonly value = 0,
        readonly detail = 0,
    ) {}

    /** The reason in English, without the vector. */
    get message(): string {
        return englishText(this.reason);
    }
}

/**
 * The MMU needs the hypervisor (LANGUAGE.md §11): a hidden page fault (`a` = the virtual address,
 * `b` = the access's error code), a store to a write-protected guest table (`a` = the entry's
 * guest-physical address, `b` = the value) or an EPT violation (`a` = the guest-physical page).
 * Thrown by the access, caught by `Machine.step`, which enters the monitor's handler
 * (paging-exits.ts); the access has not happened and runs again when the handler returns. Not an
 * Error: no stack trace to capture on a path a page-fault-heavy guest takes often.
 */
export class PagingExit {
    constructor(
        readonly work: PagingWork,
        readonly a: number,
        readonly b: number,
    ) {}
}

/** A bound of the simulator itself was reached: the VM stops with status `limit`. */
export class ResourceLimit extends Fault {
    constructor(reason: StopReason) {
        super('limit', reason);
    }
}

/** A stop event or a result's stop from a reason: its English text and its code and arguments. */
export function stopFields(r: StopReason): { message: string; code: string; args: (string | number)[]; vector?: string } {
    return { message: englishText(r), code: r.code, args: r.args, ...(r.vector ? { vector: r.vector } : {}) };
}

export function emitStop(m: Machine, kind: StopKind, vm: VmState, v: VcpuState | undefined, reason: StopReason, at?: Instr['loc']): void {
    // the keys of `stopFields` written out in its order, not spread: every VM that halts makes
    // one (a spread copies through a slow path, and its empty `{}` for a missing vector is one
    // more object)
    const name = vm.model.name;
    const vcpu = v?.name;
    const message = englishText(reason);
    const time = m.cpu?.time ?? 0;
    const event: StopEvent = reason.vector
        ? { kind, vm: name, vcpu, message, code: reason.code, args: reason.args, vector: reason.vector, at, time }
        : { kind, vm: name, vcpu, message, code: reason.code, args: reason.args, at, time };
    m.stopEvent = event;
    m.listener.stop?.(event);
}

/** vCPU `v` has nothing left to run; the VM halts with its last vCPU. */
export function halt(m: Machine, vm: VmState, v: VcpuState, reason: StopReason): void {
    v.done = true;
    m.onDescheduled(v);
    if (vm.status === 'running' && allDone(m, vm)) {
        vm.status = 'halted';
        emitStop(m, 'halt', vm, v, reason);
    }
}

/** Every vCPU of `vm` is done (a loop: `every` made a closure per halt). */
function allDone(m: Machine, vm: VmState): boolean {
    const ids = vm.vcpus;
    for (let i = 0; i < ids.length; i++) if (!m.state.vcpus[ids[i]].done) return false;
    return true;
}

/** Stops every vCPU of a VM with a final status. */
export function kill(m: Machine, vm: VmState, status: 'faulted' | 'host-failed' | 'limit', reason: StopReason, at?: Instr['loc']): void {
    if (vm.status !== 'running') return;
    vm.status = status;
    setStop(vm, reason, at);
    for (const id of vm.vcpus) {
        const v = m.state.vcpus[id];
        if (!v.done) {
            v.done = true;
            m.onDescheduled(v);
        }
    }
}

/** A fault raised by the instruction at the top frame `f` stops the VM (`limit` for the simulator's own bounds). */
export function stopOnFault(m: Machine, vm: VmState, v: VcpuState, f: Frame, e: Fault): void {
    const at = f.code ? f.code.instrs[Math.min(f.pc, f.code.instrs.length - 1)]?.loc : f.at;
    if (e instanceof ResourceLimit) {
        kill(m, vm, 'limit', e.reason, at);
        emitStop(m, 'limit', vm, v, e.reason, at);
        return;
    }
    countExit(vm, 'fault');
    const reason = withVector(e.reason, e.vector);
    kill(m, vm, 'faulted', reason, at);
    emitStop(m, 'fault', vm, v, reason, at);
}

/** Records why and where a VM stopped: the English text (`reason`), the code and its arguments. */
export function setStop(vm: VmState, r: StopReason, at?: Instr['loc']): void {
    const { message, ...fields } = stopFields(r);
    vm.stop = { reason: message, ...fields, at };
}
