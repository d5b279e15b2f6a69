// The machine model, built once from a checked workspace: hosts (one per hypervisor, on its
// hardware, and one per hardware that runs a native VM: technique `native`, no hypervisor),
// their devices, cost tables, schedulers, and the VMs with their vCPUs and programs.
// Plain immutable data; everything that changes while simulating lives in engine state.
import type { LangiumDocument } from 'langium';
import type { CostPreset, CostsRef, Device, Handler, Hardware, Hypervisor, Model, Os, Program, Quantity, Vm } from '../language/generated/ast.js';
import { COST_NAMES, DEFAULT_COST_PRESET, type CostTable } from '../language/isa.js';
import { capacityOf, capacityOfHardware, clockHzOf, DEFAULT_WEIGHT, hypervisorOfVm, nativeHardwareOf, vmMemoryBytes, vmVcpus } from '../language/resources.js';
import { MIN_INSTRUCTION_CYCLES } from '../language/limits.js';
import { toBase } from '../language/units.js';
import { DEFAULT_SHADOWS, DEFAULT_TLB_ENTRIES, GUEST_LEVELS, hasTaggedTlb, pagingOf, type PagingMode } from '../language/paging.js';
import { effectiveCosts, effectiveScheduler, effectiveTechnique, originOf, profileOf, profileTitle, profileWeight, PROFILE_SETTINGS, type ProfileSetting, type SettingOrigin } from '../language/profiles/settings.js';
import { SimulationError } from './errors.js';
import { simulationErrorMessages } from './messages.js';

/** The techniques a hypervisor's monitor implements. */
export type MonitorTechnique = 'full' | 'binary' | 'para' | 'hardware';
/** How a host runs its VMs: a monitor's technique, or `native` (bare metal, no hypervisor: LANGUAGE.md §9). */
export type Technique = MonitorTechnique | 'native';

/** Round robin gives each vCPU this much time before the next runnable one gets the pCPU. */
export const ROUND_ROBIN_QUANTUM_NS = 10e6;
/** Xen's credit scheduler default timeslice. */
export const CREDIT_TIMESLICE_NS = 30e6;

export interface DeviceModel {
    index: number;
    name: string;
    /** serial, disk, nic, timer. */
    kind: string;
    /** `latency`: host cycles from a request to its completion (0: at once). */
    latency: number;
    /** `input` of a serial device: byte codes and when each arrives (host cycles), in arrival order. */
    input: { at: number; code: number }[];
}

/** How a VM reaches a device it was given (LANGUAGE.md §12). */
export type DevicePath = 'emulated' | 'virtio' | 'passthrough';

export interface HostModel {
    index: number;
    /** The hypervisor's name (one hypervisor per hardware); a native host's is its hardware's. */
    name: string;
    hardware: string;
    kind: 'type1' | 'type2' | 'native';
    technique: Technique;
    costPreset: string;
    costs: CostTable;
    pcpus: number;
    usablePcpus: number;
    clockHz: number;
    usableBytes: number;
    /** vtx, svm, ept, npt, vpid, asid. */
    extensions: string[];
    /** Memory virtualization (§11): the paging, the TLB of each pCPU, the walk's levels, shadow roots kept. */
    paging: PagingMode;
    tlbEntries: number;
    walkLevels: number;
    /** VPID / ASID: VM exits and world switches keep the TLB. */
    taggedTlb: boolean;
    shadows: number;
    devices: DeviceModel[];
    deviceByName: Map<string, number>;
    /** Type 2: the host OS whose drivers run the hardware commands. */
    hostOs?: Os;
    scheduler: { policy: 'round_robin' | 'credit'; sliceCycles: number };
    failHostAt?: number;
    vms: VmModel[];
    /** The hypervisor; undefined for a native host. */
    ast?: Hypervisor;
    /** Its hardware's cost table, what the same machine costs without the hypervisor (`vmdef compare`'s native run). */
    nativeCosts?: { name: string; table: CostTable };
    /** The profile it is `like` (stdlib/profiles.vmdef), and where each of its settings came from. */
    profile?: HostProfile;
}

export interface HostProfile {
    /** `xen`, as written after `like`. */
    name: string;
    /** `Xen`, as people write it. */
    title: string;
    origins: Record<ProfileSetting, SettingOrigin>;
    /** Its paravirtual interface for hardware-assisted guests: hypercalls taken by VMCALL. */
    hypercalls: Handler[];
}

export interface VmModel {
    index: number;
    name: string;
    host: HostModel;
    os?: Os;
    vcpus: number;
    memoryBytes: number;
    /** pCPU affinity of all its vCPUs; undefined = any usable pCPU. */
    pin?: number[];
    passthrough: ReadonlySet<number>;
    /** Devices it reaches through a paravirtual ring (`devices disk0 virtio`). */
    virtio: ReadonlySet<number>;
    /** The host's devices it was given (`devices`, `virtio`, `passthrough`): the only ones it may touch. */
    assigned: ReadonlySet<number>;
    /** Where its guest-physical memory starts in the host's (VMs of a host laid out in declaration order): what the IOMMU maps. */
    hostBase: number;
    weight: number;
    /** Program per vCPU index (undefined: that vCPU has nothing to run): its first `run`. */
    programs: (Program | undefined)[];
    /** Per vCPU index, every program it runs, in `run` order: several are processes (machine/processes.ts). */
    processes: (readonly Program[])[];
    failAt?: number;
    ast: Vm;
}

export interface MachineModel {
    hosts: HostModel[];
    vms: VmModel[];
    /** Monitor handlers per technique: the standard library's, overridden by the user's. */
    monitors: Record<MonitorTechnique, Map<string, Handler>>;
}

/** Nanoseconds of a time quantity in host cycles at `clockHz`. */
export function cyclesOf(time: Quantity | undefined, clockHz: number): number | undefined {
    const ns = toBase(time, 'time');
    return ns === undefined ? undefined : Math.round((ns * clockHz) / 1e9);
}

/**
 * The cost table of a host: the preset its hypervisor names (`costs`), else its hardware's
 * (`hardware h { costs p4_2006 }`), else the default; overrides of the one named last win.
 */
function costTable(costs: CostsRef | undefined, presets: Map<string, CostPreset>, defaultPreset: string): { name: string; table: CostTable } {
    const preset = costs?.preset?.ref ?? presets.get(defaultPreset);
    const table = Object.fromEntries(COST_NAMES.map((n) => [n, 0])) as CostTable;
    const fallback = presets.get(DEFAULT_COST_PRESET);
    // Entries a user preset leaves out come from the default preset.
    for (const e of fallback?.entries ?? []) if (Object.hasOwn(table, e.name)) table[e.name as keyof CostTable] = e.value;
    for (const e of preset?.entries ?? []) if (Object.hasOwn(table, e.name)) table[e.name as keyof CostTable] = e.value;
    for (const e of costs?.overrides ?? []) if (Object.hasOwn(table, e.name)) table[e.name as keyof CostTable] = e.value;
    // every instruction takes time, so every guest loop reaches the cycle limit; the validator
    // refuses `instruction 0` (cost-out-of-range), this guards a model built by a program
    table.instruction = Math.max(MIN_INSTRUCTION_CYCLES, table.instruction);
    return { name: preset?.name ?? DEFAULT_COST_PRESET, table };
}

/**
 * `defaultPreset` is the cost preset of hypervisors that name none (`vmdef.costPreset`,
 * `--cost-preset`); an unknown name is an error, not a silent fallback.
 */
export function buildModel(user: LangiumDocument<Model>[], stdlib: LangiumDocument<Model>[], defaultPreset = DEFAULT_COST_PRESET): MachineModel {
    const presets = new Map<string, CostPreset>();
    const monitors: MachineModel['monitors'] = { full: new Map(), binary: new Map(), para: new Map(), hardware: new Map() };
    for (const doc of [...stdlib, ...user]) {
        for (const el of doc.parseResult.value.elements) {
            if (el.$type === 'CostPreset') presets.set(el.name, el as CostPreset);
            if (el.$type === 'Monitor') for (const h of el.handlers) monitors[el.technique].set(h.name, h);
        }
    }
    if (!presets.has(defaultPreset)) {
        throw new SimulationError(simulationErrorMessages.unknownCostPreset(defaultPreset, [...presets.keys()].join(', ')));
    }
    const hosts: HostModel[] = [];
    const hostOf = new Map<Hypervisor, HostModel>();
    const vms: VmModel[] = [];
    const elements = user.flatMap((d) => d.parseResult.value.elements);
    const hostFor = (hv: Hypervisor): HostModel => {
        let host = hostOf.get(hv);
        if (host) return host;
        const hardware = hv.hardware.ref;
        const capacity = capacityOf(hv);
        const clockHz = clockHzOf(hardware);
        const { name: costPreset, table } = costTable(effectiveCosts(hv) ?? hardware?.costs, presets, defaultPreset);
        const devices = (hardware?.devices ?? []).map((d, index) => deviceModel(d, index, clockHz));
        const scheduler = effectiveScheduler(hv);
        const policy = scheduler?.policy ?? 'round_robin';
        const sliceNs = toBase(scheduler?.timeslice, 'time') ?? (policy === 'credit' ? CREDIT_TIMESLICE_NS : ROUND_ROBIN_QUANTUM_NS);
        host = {
            index: hosts.length,
            name: hv.name,
            hardware: hardware?.name ?? '',
            kind: hv.kind,
            technique: effectiveTechnique(hv) ?? 'full',
            costPreset,
            costs: table,
            pcpus: capacity.pcpus,
            usablePcpus: capacity.usablePcpus,
            clockHz,
            usableBytes: capacity.usableBytes,
            extensions: [...(hardware?.extensions ?? [])],
            paging: pagingOf(hv),
            tlbEntries: hardware?.tlb?.entries ?? DEFAULT_TLB_ENTRIES,
            walkLevels: hardware?.walk?.levels ?? GUEST_LEVELS,
            taggedTlb: hasTaggedTlb(hardware),
            shadows: hv.shadows ?? DEFAULT_SHADOWS,
            devices,
            deviceByName: new Map(devices.map((d) => [d.name, d.index])),
            hostOs: hv.kind === 'type2' ? hv.host?.os?.ref : undefined,
            scheduler: { policy, sliceCycles: Math.max(1, Math.round((sliceNs * clockHz) / 1e9)) },
            failHostAt: hv.kind === 'type2' ? cyclesOf(hv.failHost?.time, clockHz) : undefined,
            vms: [],
            ast: hv,
            nativeCosts: hardware && costTable(hardware.costs, presets, defaultPreset),
            profile: hostProfile(hv),
        };
        hosts.push(host);
        hostOf.set(hv, host);
        return host;
    };
    const nativeHostOf = new Map<Hardware, HostModel>();
    const nativeHostFor = (hardware: Hardware): HostModel => {
        let host = nativeHostOf.get(hardware);
        if (!host) {
            host = nativeHost(hosts.length, hardware, costTable(hardware.costs, presets, defaultPreset));
            hosts.push(host);
            nativeHostOf.set(hardware, host);
        }
        return host;
    };
    for (const el of elements) if (el.$type === 'Hypervisor') hostFor(el as Hypervisor);
    // each host's VMs laid out so far (`hostBase`): a running sum, not a sum over the VMs before
    // each one (quadratic: a million additions for 1,000 VMs, each a new heap number past 2^30)
    const laidOut = new Map<HostModel, number>();
    for (const el of elements) {
        if (el.$type !== 'Vm') continue;
        const vm = el as Vm;
        const hv = hypervisorOfVm(vm);
        const native = hv ? undefined : nativeHardwareOf(vm);
        if (!hv && !native) continue;
        const host = hv ? hostFor(hv) : nativeHostFor(native!);
        const vcpus = vmVcpus(vm);
        const processes = processesOf(vm, vcpus);
        const programs = processes.map(firstProgram);
        const model: VmModel = {
            index: vms.length,
            name: vm.name,
            host,
            os: vm.os?.ref,
            vcpus,
            memoryBytes: vmMemoryBytes(vm),
            // a native VM owns its machine: no affinity, every device its own, driven directly
            pin: vm.pin && hv ? vm.pin.pcpus.filter((p) => p >= 0 && p < host.pcpus) : undefined,
            passthrough: hv ? deviceSet(host, vm.passthrough) : new Set(host.devices.map((d) => d.index)),
            virtio: hv ? deviceSet(host, vm.virtio) : NO_DEVICES,
            assigned: hv ? deviceSet(host, vm.devices, vm.virtio, vm.passthrough) : new Set(host.devices.map((d) => d.index)),
            hostBase: laidOut.get(host) ?? 0,
            weight: vm.weight ?? profileWeight(hv) ?? DEFAULT_WEIGHT,
            programs,
            processes,
            failAt: cyclesOf(vm.fail?.time, host.clockHz),
            ast: vm,
        };
        vms.push(model);
        host.vms.push(model);
        laidOut.set(host, model.hostBase + model.memoryBytes);
    }
    return { hosts, vms, monitors };
}

/** The profile a hypervisor is `like`, with the origin of each setting; undefined without one. */
function hostProfile(hv: Hypervisor): HostProfile | undefined {
    const profile = profileOf(hv);
    if (!profile) return undefined;
    const origins = Object.fromEntries(PROFILE_SETTINGS.map((s) => [s, originOf(hv, s)])) as Record<ProfileSetting, SettingOrigin>;
    return { name: profile.name, title: profileTitle(profile.name), origins, hypercalls: profile.hypercalls };
}

/** The host of a native VM: its hardware alone, nothing reserved, no hypervisor. */
export function nativeHost(index: number, hardware: Hardware, costs: { name: string; table: CostTable }): HostModel {
    const capacity = capacityOfHardware(hardware);
    const clockHz = clockHzOf(hardware);
    const devices = hardware.devices.map((d, i) => deviceModel(d, i, clockHz));
    return {
        index,
        name: hardware.name,
        hardware: hardware.name,
        kind: 'native',
        technique: 'native',
        costPreset: costs.name,
        costs: costs.table,
        pcpus: capacity.pcpus,
        usablePcpus: capacity.usablePcpus,
        clockHz,
        usableBytes: capacity.usableBytes,
        extensions: [...hardware.extensions],
        // the guest's own tables, walked by the real MMU: no hypervisor in between
        paging: 'native',
        tlbEntries: hardware.tlb?.entries ?? DEFAULT_TLB_ENTRIES,
        walkLevels: hardware.walk?.levels ?? GUEST_LEVELS,
        taggedTlb: hasTaggedTlb(hardware),
        shadows: 0,
        devices,
        deviceByName: new Map(devices.map((d) => [d.name, d.index])),
        // one vCPU per pCPU: a slice never ends for another vCPU of the same host
        scheduler: { policy: 'round_robin', sliceCycles: Math.max(1, Math.round((ROUND_ROBIN_QUANTUM_NS * clockHz) / 1e9)) },
        vms: [],
    };
}

/** A hardware device: its latency and its serial input (arrivals in time order, then file order). */
function deviceModel(d: Device, index: number, clockHz: number): DeviceModel {
    const latency = cyclesOf(d.properties.find((p) => p.name === 'latency')?.value, clockHz) ?? 0;
    const arrivals = d.inputs.map((input, order) => ({ at: input.at ? cyclesOf(input.at, clockHz) ?? 0 : 0, order, text: input.text ?? '' }));
    arrivals.sort((a, b) => a.at - b.at || a.order - b.order);
    const input = arrivals.flatMap(({ at, text }) => [...new TextEncoder().encode(text)].map((code) => ({ at, code })));
    return { index, name: d.name, kind: d.kind, latency: Math.max(0, latency), input };
}

// What a VM model holds is made once per VM, for 1,000 VMs or more (the bench's row): the lists
// below are exact-size arrays, and what most VMs lack is one shared empty value.

/** A VM without devices of a kind: one set for all (1,000 VMs made three each, a megabyte per simulation). */
const NO_DEVICES: ReadonlySet<number> = new Set<number>();
const NO_REFS: Vm['devices'] = [];

/** The indices of the named devices of `host` in any of the lists (names it does not have are left out: the validator reports them). */
function deviceSet(host: HostModel, a: Vm['devices'], b = NO_REFS, c = NO_REFS): ReadonlySet<number> {
    if (a.length + b.length + c.length === 0) return NO_DEVICES;
    const set = new Set<number>();
    for (const refs of [a, b, c]) {
        for (const d of refs) {
            const index = host.deviceByName.get(d.ref?.name ?? d.$refText);
            if (index !== undefined) set.add(index);
        }
    }
    return set;
}

/** A vCPU without a program. */
const NO_PROGRAMS: readonly Program[] = [];

/** Per vCPU index of `vm`, the programs it runs, in `run` order. */
function processesOf(vm: Vm, vcpus: number): (readonly Program[])[] {
    const processes = new Array<readonly Program[]>(vcpus).fill(NO_PROGRAMS);
    const runs = vm.runs;
    for (let i = 0; i < runs.length; i++) {
        const index = runs[i].vcpu ?? 0;
        const program = runs[i].program.ref;
        if (index >= vcpus || !program) continue;
        // arrays of the exact size (a spread or a push takes room for 17)
        const list = processes[index];
        processes[index] = list.length === 0 ? [program] : list.concat([program]);
    }
    return processes;
}

function firstProgram(list: readonly Program[]): Program | undefined {
    return list[0];
}
