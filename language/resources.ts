// What a host has and what a hypervisor's VMs ask of it: the arithmetic behind the overcommit
// diagnostics, the status bar and the simulator's machine model. Pure functions of the AST.
import { isHardware, isHypervisor, type Hardware, type Hypervisor, type Reserve, type Vm } from './generated/ast.js';
import { dimensionOf, toBase } from './units.js';
import { effectiveOvercommit, effectiveReserve } from './profiles/settings.js';

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

/** A machine with nothing reserved: what a native VM (no hypervisor) has. */
export function capacityOfHardware(hardware: Hardware | undefined): HostCapacity {
    const pcpus = pcpusOf(hardware);
    const memoryBytes = memoryBytesOf(hardware);
    const none = { cpus: 0, bytes: 0 };
    return { pcpus, memoryBytes, hypervisorReserve: none, hostReserve: none, usablePcpus: pcpus, usableBytes: memoryBytes };
}

export function capacityOf(hypervisor: Hypervisor): HostCapacity {
    const hardware = hypervisor.hardware?.ref;
    const pcpus = pcpusOf(hardware);
    const memoryBytes = memoryBytesOf(hardware);
    const hypervisorReserve = reservationOf(effectiveReserve(hypervisor));
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
    const ratio = effectiveOvercommit(hypervisor)?.ratios.find((r) => r.resource === resource);
    if (!ratio) return 1;
    return ratio.percent ? ratio.value / 100 : ratio.value;
}

export function vmMemoryBytes(vm: Vm): number {
    return toBase(vm.memory, 'memory') ?? 0;
}

/** The hypervisor a VM runs on; undefined for a native VM (`vm x on HARDWARE`) or an unresolved name. */
export function hypervisorOfVm(vm: Vm): Hypervisor | undefined {
    const host = vm.hypervisor?.ref;
    return isHypervisor(host) ? host : undefined;
}

/** The hardware of a native VM (declared `on` a hardware, no hypervisor); undefined otherwise. */
export function nativeHardwareOf(vm: Vm): Hardware | undefined {
    const host = vm.hypervisor?.ref;
    return isHardware(host) ? host : undefined;
}

/** The hardware a VM runs on: its hypervisor's, or its own when native. */
export function hardwareOfVm(vm: Vm): Hardware | undefined {
    return nativeHardwareOf(vm) ?? hypervisorOfVm(vm)?.hardware?.ref;
}

/** A native VM's vCPUs default to every pCPU of its hardware (it owns the machine); others to 1. */
export function vmVcpus(vm: Vm): number {
    if (vm.vcpus !== undefined) return vm.vcpus;
    const native = nativeHardwareOf(vm);
    return native ? Math.max(1, pcpusOf(native)) : 1;
}

export const DEFAULT_WEIGHT = 256;
