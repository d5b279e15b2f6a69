// What a host has and what a hypervisor's VMs ask of it: the arithmetic behind the overcommit
// diagnostics, the status bar and the simulator's machine model. Pure functions of the AST.
import type { Hardware, Hypervisor, Reserve, Vm } from './generated/ast.js';
import { dimensionOf, toBase } from './units.js';

export const DEFAULT_CLOCK_HZ = 1e9;

/** sockets × cores × threads (each defaults to 1). */
export function pcpusOf(hardware: Hardware | undefined): number {
    if (!hardware?.cpu) return 0;
    return hardware.cpu.parts.reduce((n, part) => n * part.count, 1);
}

export function clockHzOf(hardware: Hardware | undefined): number {
    return toBase(hardware?.cpu?.clock, 'frequency') ?? DEFAULT_CLOCK_HZ;
}

export function memoryBytesOf(hardware: Hardware | undefined): number {
    return toBase(hardware?.memory, 'memory') ?? 0;
}

export interface Reservation {
    cpus: number;
    bytes: number;
}

export function reservationOf(reserve: Reserve | undefined): Reservation {
    const result = { cpus: 0, bytes: 0 };
    for (const amount of reserve?.amounts ?? []) {
        const dimension = dimensionOf(amount.unit);
        if (dimension === 'cpus') result.cpus += amount.value;
        else if (dimension === 'memory') result.bytes += toBase(amount, 'memory') ?? 0;
    }
    return result;
}

export interface HostCapacity {
    pcpus: number;
    memoryBytes: number;
    /** Kept by the hypervisor (or its control domain). */
    hypervisorReserve: Reservation;
    /** Kept by the host OS of a Type 2 hypervisor. */
    hostReserve: Reservation;
    usablePcpus: number;
    usableBytes: number;
}

export function capacityOf(hypervisor: Hypervisor): HostCapacity {
    const hardware = hypervisor.hardware?.ref;
    const pcpus = pcpusOf(hardware);
    const memoryBytes = memoryBytesOf(hardware);
    const hypervisorReserve = reservationOf(hypervisor.reserve);
    const hostReserve = hypervisor.kind === 'type2' ? reservationOf(hypervisor.host?.reserve) : { cpus: 0, bytes: 0 };
    return {
        pcpus,
        memoryBytes,
        hypervisorReserve,
        hostReserve,
        usablePcpus: Math.max(0, pcpus - hypervisorReserve.cpus - hostReserve.cpus),
        usableBytes: Math.max(0, memoryBytes - hypervisorReserve.bytes - hostReserve.bytes),
    };
}

export function ratioOf(hypervisor: Hypervisor, resource: 'cpu' | 'memory'): number {
    const ratio = hypervisor.overcommit?.ratios.find((r) => r.resource === resource);
    if (!ratio) return 1;
    return ratio.percent ? ratio.value / 100 : ratio.value;
}

export function vmMemoryBytes(vm: Vm): number {
    return toBase(vm.memory, 'memory') ?? 0;
}

export function vmVcpus(vm: Vm): number {
    return vm.vcpus ?? 1;
}

export const DEFAULT_WEIGHT = 256;
