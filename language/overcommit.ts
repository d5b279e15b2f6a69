// CPU and memory demand of a hypervisor's VMs against what its host has left after
// reservations: one pass over the workspace's VMs (grouped in code-context.ts), never a
// reference search per hypervisor (DESIGN.md, "Performance facts").
import type { Hypervisor, Vm } from './generated/ast.js';
import { capacityOf, ratioOf, vmMemoryBytes, vmVcpus, type HostCapacity } from './resources.js';
import { formatBytes, trim } from './units.js';
import type { WorkspaceModel } from './code-context.js';
import { validationMessages as m } from './validation/messages.js';

export type Resource = 'cpu' | 'memory';

export interface ResourceDemand {
    resource: Resource;
    /** Σ vCPUs or Σ bytes of the hypervisor's VMs. */
    demand: number;
    /** pCPUs or bytes left after the hypervisor's and the host OS's reservations. */
    usable: number;
    /** demand / usable (Infinity when nothing is usable). */
    ratio: number;
    /** The allowed ratio declared with `overcommit` (1.0 by default). */
    allowed: number;
    /** 'ok' within the host; 'allowed' overcommitted within the ratio; 'over' beyond it. */
    verdict: 'ok' | 'allowed' | 'over';
    message: string;
}

export interface HypervisorLoad {
    hypervisor: Hypervisor;
    vms: Vm[];
    capacity: HostCapacity;
    cpu: ResourceDemand;
    memory: ResourceDemand;
}

export function loadOf(hypervisor: Hypervisor, model: WorkspaceModel): HypervisorLoad {
    const vms = model.vmsByHypervisor.get(hypervisor) ?? [];
    const capacity = capacityOf(hypervisor);
    let vcpus = 0;
    let bytes = 0;
    for (let i = 0; i < vms.length; i++) {
        vcpus += vmVcpus(vms[i]);
        bytes += vmMemoryBytes(vms[i]);
    }
    return {
        hypervisor,
        vms,
        capacity,
        cpu: demandOf('cpu', vcpus, capacity, ratioOf(hypervisor, 'cpu')),
        memory: demandOf('memory', bytes, capacity, ratioOf(hypervisor, 'memory')),
    };
}

function demandOf(resource: Resource, demand: number, capacity: HostCapacity, allowed: number): ResourceDemand {
    const usable = resource === 'cpu' ? capacity.usablePcpus : capacity.usableBytes;
    const ratio = usable > 0 ? demand / usable : demand > 0 ? Infinity : 0;
    // A tiny tolerance so that 1.0 ratios computed from GiB fractions do not flip the verdict.
    const verdict = demand <= usable ? 'ok' : ratio <= allowed + 1e-9 ? 'allowed' : 'over';
    return { resource, demand, usable, ratio, allowed, verdict, message: describe(resource, demand, usable, ratio, allowed, capacity) };
}

/** `12 vCPUs on 7 usable pCPUs = 1.71:1; overcommit allowed: 1.0 (8 pCPUs − 1 reserved by the hypervisor)` */
function describe(resource: Resource, demand: number, usable: number, ratio: number, allowed: number, c: HostCapacity): string {
    const ratioText = Number.isFinite(ratio) ? `${trim(Math.round(ratio * 100) / 100)}:1` : m.unbounded();
    const allowedText = Number.isInteger(allowed) ? allowed.toFixed(1) : trim(allowed);
    if (resource === 'cpu') {
        const reserved = c.hypervisorReserve.cpus + c.hostReserve.cpus;
        const detail = reserved > 0 ? m.pcpusReserved(c.pcpus, trim(reserved), reserveOwners(c, 'cpus')) : '';
        return m.cpuDemand(demand, trim(usable), ratioText, allowedText, detail);
    }
    const reserved = c.hypervisorReserve.bytes + c.hostReserve.bytes;
    const detail = reserved > 0 ? m.memoryReserved(formatBytes(c.memoryBytes), formatBytes(reserved), reserveOwners(c, 'bytes')) : '';
    return m.memoryDemand(formatBytes(demand), formatBytes(usable), ratioText, allowedText, detail);
}

function reserveOwners(c: HostCapacity, key: 'cpus' | 'bytes'): string {
    const hypervisor = c.hypervisorReserve[key] > 0;
    const host = c.hostReserve[key] > 0;
    return hypervisor && host ? m.byBoth() : hypervisor ? m.byHypervisor() : host ? m.byHost() : '';
}

/** The smallest ratio (one decimal, rounded up) that allows the demand: what the quick fix writes. */
export function neededRatio(demand: ResourceDemand): number {
    if (!Number.isFinite(demand.ratio)) return demand.allowed;
    return Math.ceil(demand.ratio * 10 - 1e-9) / 10;
}
