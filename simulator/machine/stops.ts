// How vCPUs and VMs stop: a guest fault raised inside a step (turned into the VM's `faulted`
// status), a bound of the simulator itself (`limit`), a halt, a kill from outside (fault
// injection, the cycle limit); and the stop events the listener hears.
import type { Instr } from '../cpu/code.js';
import type { Machine } from '../machine.js';
import type { Frame, VcpuState, VmState } from '../state.js';
import { countExit } from './costs.js';
import type { StopEvent, StopKind } from './events.js';

/** Raised inside a step; turned into the VM's `faulted` status. */
export class Fault {
    constructor(
        readonly vector: string,
        readonly message: string,
        /** The error code or faulting address a guest handler gets (exceptions.ts), and a page fault's error code. */
        readonly value = 0,
        readonly detail = 0,
    ) {}
}

/** A bound of the simulator itself was reached: the VM stops with status `limit`. */
export class ResourceLimit extends Fault {
    constructor(message: string) {
        super('limit', message);
    }
}

export function emitStop(m: Machine, kind: StopKind, vm: VmState, v: VcpuState | undefined, message: string, at?: Instr['loc']): void {
    const event: StopEvent = { kind, vm: vm.model.name, vcpu: v?.name, message, at, time: m.cpu?.time ?? 0 };
    m.stopEvent = event;
    m.listener.stop?.(event);
}

/** vCPU `v` has nothing left to run; the VM halts with its last vCPU. */
export function halt(m: Machine, vm: VmState, v: VcpuState, message: string): void {
    v.done = true;
    m.onDescheduled(v);
    if (vm.status === 'running' && vm.vcpus.every((id) => m.state.vcpus[id].done)) {
        vm.status = 'halted';
        emitStop(m, 'halt', vm, v, message);
    }
}

/** Stops every vCPU of a VM with a final status. */
export function kill(m: Machine, vm: VmState, status: 'faulted' | 'host-failed' | 'limit', reason: string, at?: Instr['loc']): void {
    if (vm.status !== 'running') return;
    vm.status = status;
    vm.stop = { reason, at };
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
        kill(m, vm, 'limit', e.message, at);
        emitStop(m, 'limit', vm, v, e.message, at);
        return;
    }
    countExit(vm, 'fault');
    kill(m, vm, 'faulted', `${e.vector}: ${e.message}`, at);
    emitStop(m, 'fault', vm, v, `${e.vector}: ${e.message}`, at);
}
