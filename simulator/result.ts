// What a simulation produces: the `vmdef run --json` object of LANGUAGE.md §8, plus what the
// report needs (timeline, per-hypervisor figures). Plain data, JSON-serialisable; and how the
// engine makes it from the state.
import type { ProfileSetting, SettingOrigin } from '../language/profiles/settings.js';
import { keptConsole } from './console-limit.js';
import { copyCounts } from './counts.js';
import { pathOf } from './machine/devices.js';
import { pendingInterrupts } from './machine/interrupts.js';
import { processFigures } from './machine/processes.js';
import type { DevicePath, HostModel, MachineModel } from './model.js';
import type { SimState, VmState } from './state.js';

/** Where a cycle went. `waiting`: a runnable vCPU without a pCPU (steal time). */
export type Layer = 'guest' | 'kernel' | 'hypervisor' | 'host' | 'waiting';
export const LAYERS: readonly Layer[] = ['guest', 'kernel', 'hypervisor', 'host', 'waiting'];

export type VmStatus = 'halted' | 'faulted' | 'host-failed' | 'limit';

export interface SourceLocation {
    /** File path (user file or standard library). */
    file: string;
    /** 1-based. */
    line: number;
    column: number;
}

/**
 * Why and where a VM stopped. `reason` is the English text (as it always was); `code` and `args`
 * name the entry of simulator/messages.ts it was written from, so a presenter can write it in
 * another language (`localizedStop`, stop-reason.ts); `vector` is a fault's (`#GP`).
 */
export interface VmStop {
    reason: string;
    code?: string;
    args?: (string | number)[];
    vector?: string;
    at?: SourceLocation;
    /** `vmdef run --json` only: the reason in the user's language. */
    message?: string;
}

export interface VmResult {
    name: string;
    /** Its hypervisor; null for a native VM (LANGUAGE.md §9), which has `native: true` and `hardware`. */
    hypervisor: string | null;
    native?: true;
    /** A native VM's hardware (only for native VMs: others reach theirs through `hypervisors`). */
    hardware?: string;
    status: VmStatus;
    /** Its console output: the last MAX_CONSOLE_BYTES (1 MiB) of it (console-limit.ts). */
    console: string;
    /** Bytes of console output dropped before `console` (absent when none were). */
    consoleDropped?: number;
    instructions: number;
    /** Cycles by layer, and their sum as `total`. */
    cycles: Record<Layer, number> & { total: number };
    /** Times the hypervisor took control because of a guest instruction, by reason. */
    exits: Record<string, number>;
    hypercalls: Record<string, number>;
    /** Sensitive-unprivileged instructions executed under `full` that behaved wrongly. */
    fidelityViolations: number;
    /**
     * Interrupts (docs/language.md, Exceptions and interrupts): raised (a timer expired, a device signalled), delivered to the
     * guest kernel's handler, lost (still pending when the VM ended, or nobody to handle them),
     * and the longest delay between raising and delivering one, in cycles of the vCPU.
     */
    interrupts: { raised: number; delivered: number; lost: number; maxDelay: number };
    /** Exceptions raised in the guest that its kernel handled or tried to, by vector (`"0"`, `"14"`). */
    faults: Record<string, number>;
    /** Why and where the VM stopped when it did not halt normally. */
    stop?: VmStop;
    /** Pages, and memory virtualization's figures (LANGUAGE.md §11, §14): `swapped` = `swappedPages`. */
    memory: MemoryResult;
    /** I/O per device it was given, by name (absent for a VM without devices): LANGUAGE.md §12. */
    io?: Record<string, DeviceIoResult>;
    /** Several programs on one vCPU (docs/language.md, Processes): how many, and the context switches between them; absent otherwise. */
    processes?: { count: number; switches: number };
}

export interface MemoryResult {
    declaredBytes: number;
    touchedPages: number;
    swappedPages: number;
    /** How the hypervisor virtualizes the guest's page tables (`native` on bare metal). */
    paging: string;
    tlbHits: number;
    tlbMisses: number;
    walkRefs: number;
    guestPageFaults: number;
    hiddenPageFaults: number;
    pteWrites: number;
    eptViolations: number;
    shadowsBuilt: number;
    refused: number;
    swapped: number;
    /** Cycles of page walks after TLB misses, in whichever layer made the access. */
    walkCycles: number;
    /** The hypervisor's cycles for the guest's paging: hidden page faults, shadow fills, page-table writes, true faults it injects, EPT violations. */
    pagingCycles: number;
}

/** One device as one VM used it. */
export interface DeviceIoResult {
    kind: string;
    /** How the VM reaches it: the hypervisor's device model, a virtio ring, or directly (IOMMU). */
    path: DevicePath;
    /** Guest accesses that reached the device (in / out). */
    accesses: number;
    /** Those that entered the hypervisor (trap, VM exit, callout, hypercall). */
    exits: number;
    /** Serial bytes, or DMA requests, carried out. */
    requests: number;
    bytes: number;
    /** exits / bytes (0 when no byte moved). */
    exitsPerByte: number;
    /** DMA requests refused: outside the VM's memory. */
    refused: number;
    /** Interrupts the device signalled to the VM (arrivals, completions), due or not by its end. */
    interrupts: number;
}

/**
 * One host: a hypervisor on its hardware, or a hardware running a native VM (`kind` and
 * `technique` `native`, named after the hardware, which no hypervisor shares).
 */
export interface HypervisorResult {
    name: string;
    hardware: string;
    kind: 'type1' | 'type2' | 'native';
    technique: 'full' | 'binary' | 'para' | 'hardware' | 'native';
    costPreset: string;
    pcpus: number;
    usablePcpus: number;
    clockHz: number;
    cycles: Record<Layer, number> & { total: number };
    hostFailedAt?: number;
    /** The profile it is `like` (`xen`, title `Xen`), and where each setting came from; absent without one. */
    profile?: { name: string; title: string; origins: Record<ProfileSetting, SettingOrigin> };
}

/** One stretch of time a vCPU ran on a pCPU. */
export interface TimelineSlice {
    hypervisor: string;
    pcpu: number;
    vm: string;
    vcpu: number;
    start: number;
    end: number;
}

export interface SimulationResult {
    /** Host cycles simulated (the longest of the hosts). */
    cycles: number;
    vms: VmResult[];
    hypervisors: HypervisorResult[];
    timeline: TimelineSlice[];
    /** Set when the run had more slices than the engine keeps (MAX_TIMELINE). */
    timelineTruncated?: boolean;
}

/**
 * The result of the simulation in state `s` after `cycles` host cycles (final once `s.finished`).
 * It is built inside the timed `run()` for every VM (1,000 in the bench): plain loops and objects
 * filled in key order (the JSON key order), no spreads or per-field closures.
 */
export function buildResult(model: MachineModel, s: SimState, cycles: number): SimulationResult {
    const vms = s.vms.map((vm) => vmResult(s, vm));
    const hypervisors = model.hosts.map((h): HypervisorResult => {
        const r: HypervisorResult = {
            name: h.name, hardware: h.hardware, kind: h.kind, technique: h.technique, costPreset: h.costPreset,
            pcpus: h.pcpus, usablePcpus: h.usablePcpus, clockHz: h.clockHz, cycles: layerCycles(hostCycles(h, s)),
        };
        const failedAt = s.hosts[h.index].failedAt;
        if (failedAt !== undefined) r.hostFailedAt = failedAt;
        if (h.profile) r.profile = { name: h.profile.name, title: h.profile.title, origins: { ...h.profile.origins } };
        return r;
    });
    const timeline = s.timeline.map((t): TimelineSlice => {
        const v = s.vcpus[t.vcpu];
        return { hypervisor: model.hosts[t.host].name, pcpu: t.pcpu, vm: model.vms[v.vm].name, vcpu: v.index, start: t.start, end: t.end };
    });
    const result: SimulationResult = { cycles, vms, hypervisors, timeline };
    if (s.timelineTruncated) result.timelineTruncated = true;
    return result;
}

/**
 * The cycles by layer of the VMs of `host`, added in VM order. From the VMs' typed arrays (their
 * results hold the same numbers): summed from the results' objects by layer name, the loop was
 * hot enough to be compiled in the bench's timed runs, and its compile cost more than the loop.
 */
function hostCycles(host: HostModel, s: SimState): Float64Array {
    const sums = new Float64Array(LAYERS.length);
    for (let k = 0; k < s.vms.length; k++) {
        const vm = s.vms[k];
        if (vm.model.host !== host) continue;
        for (let i = 0; i < LAYERS.length; i++) sums[i] += vm.cycles[i];
    }
    return sums;
}

/** One VM's result; the optional keys are added where they stand in the JSON. */
function vmResult(s: SimState, vm: VmState): VmResult {
    const console = keptConsole(vm);
    const native = vm.model.host.technique === 'native';
    const r = { name: vm.model.name, hypervisor: native ? null : vm.model.host.name } as VmResult;
    if (native) {
        r.native = true;
        r.hardware = vm.model.host.hardware;
    }
    r.status = vm.status === 'running' ? 'limit' : vm.status;
    r.console = console.text;
    if (console.dropped > 0) r.consoleDropped = console.dropped;
    r.instructions = vm.instructions;
    r.cycles = layerCycles(vm.cycles);
    r.exits = copyCounts(vm.exits);
    r.hypercalls = copyCounts(vm.hypercalls);
    r.fidelityViolations = vm.fidelityViolations;
    let pending = 0;
    for (const id of vm.vcpus) pending += pendingInterrupts(s.vcpus[id]);
    const { raised, delivered, lost, maxDelay } = vm.interrupts;
    r.interrupts = { raised, delivered, lost: lost + pending, maxDelay };
    r.faults = copyCounts(vm.faults);
    r.memory = memoryResult(vm);
    if (vm.stop) r.stop = vm.stop;
    const io = ioResult(vm);
    if (io) r.io = io;
    const processes = processFigures(vm.vcpus, s.vcpus);
    if (processes) r.processes = processes;
    return r;
}

/** The VM's pages and memory virtualization's counts (§11), in the JSON's key order. */
function memoryResult(vm: VmState): MemoryResult {
    const m = vm.mem;
    return {
        declaredBytes: vm.model.memoryBytes, touchedPages: vm.memory.touchedPages, swappedPages: vm.swappedPages,
        paging: vm.model.host.paging, tlbHits: m.tlbHits, tlbMisses: m.tlbMisses, walkRefs: m.walkRefs,
        guestPageFaults: m.guestPageFaults, hiddenPageFaults: m.hiddenPageFaults, pteWrites: m.pteWrites,
        eptViolations: m.eptViolations, shadowsBuilt: m.shadowsBuilt, refused: m.refused, swapped: vm.swappedPages,
        walkCycles: m.walkCycles, pagingCycles: m.pagingCycles,
    };
}

/** The name of the host a VM ran on: its hypervisor, or a native VM's hardware (as in `hypervisors` and the timeline). */
export function hostNameOf(vm: VmResult): string {
    return vm.hypervisor ?? vm.hardware ?? '';
}

/** The VM's I/O by device name, in the host's declaration order; undefined without devices. */
function ioResult(vm: VmState): Record<string, DeviceIoResult> | undefined {
    if (vm.model.assigned.size === 0) return undefined;
    const result: Record<string, DeviceIoResult> = Object.create(null) as Record<string, DeviceIoResult>;
    vm.io.forEach((io, index) => {
        if (!io) return;
        const device = vm.model.host.devices[index];
        result[device.name] = {
            kind: device.kind, path: pathOf(vm.model, index), accesses: io.accesses, exits: io.exits, requests: io.requests, bytes: io.bytes,
            exitsPerByte: io.bytes > 0 ? io.exits / io.bytes : 0, refused: io.refused, interrupts: io.interrupts,
        };
    });
    return result;
}

/** Cycles by layer (`byLayer[i]` for layer i of LAYERS) and their total, summed in layer order. */
function layerCycles(byLayer: ArrayLike<number>): VmResult['cycles'] {
    // the order of LAYERS
    const guest = byLayer[0], kernel = byLayer[1], hypervisor = byLayer[2], host = byLayer[3], waiting = byLayer[4];
    return { guest, kernel, hypervisor, host, waiting, total: guest + kernel + hypervisor + host + waiting };
}
