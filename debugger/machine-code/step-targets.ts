// Step-into targets at a `syscall`: the guest kernel's body (an ordinary step in), or — when
// that body holds an instruction that leaves the guest under this technique (a privileged one
// with a monitor handler, a hypercall) — straight on into the hypervisor's handler, skipping the
// kernel's instructions before it. Which layer to stop in is the user's choice; the simulation
// runs the same either way.
import { OP, type Code } from '../../simulator/cpu/code.js';
import type { Simulation } from '../../simulator/engine.js';
import type { FrameKind } from '../../simulator/state.js';
import { frameLabel } from '../describe.js';
import { machineCodeMessages as m } from './messages.js';

export interface StepTarget {
    id: number;
    label: string;
    /** Step until a frame of this kind is on top (or the step returns to where it began). */
    layer: FrameKind;
}

export function stepInTargets(sim: Simulation, vcpu: number): StepTarget[] {
    const v = sim.state.vcpus[vcpu];
    const f = v?.frames[v.frames.length - 1];
    const ins = f?.code?.instrs[f.pc];
    if (!v || !ins || ins.op !== OP.syscall) return [];
    const body = sim.machine.vms[v.vm]?.syscalls.get(ins.name);
    if (!body) return [];
    const targets: StepTarget[] = [{ id: 1, label: m.targetKernel(frameLabel(`syscall ${ins.name}`), body.name), layer: 'kernel' }];
    const entry = hypervisorEntry(sim, body);
    if (entry) targets.push({ id: 2, label: m.targetHypervisor(frameLabel(entry.frame), entry.handler), layer: 'hypervisor' });
    return targets;
}

/** The first instruction of a kernel body that enters the hypervisor, as the frame it would make. */
function hypervisorEntry(sim: Simulation, body: Code): { frame: string; handler: string } | undefined {
    const host = body.host !== undefined ? sim.machine.hosts[body.host] : undefined;
    if (!host || host.technique === 'native') return undefined;
    for (const ins of body.instrs) {
        const hypercall = ins.op === OP.hypercall ? host.hypercalls.get(ins.name) : undefined;
        if (hypercall) return { frame: `hypercall ${ins.name}`, handler: hypercall.name };
        const handler = ins.cls !== 0 ? host.trapHandler[ins.op] : undefined;
        if (handler) return { frame: host.trapName[ins.op], handler: handler.name };
    }
    return undefined;
}
