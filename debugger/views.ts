// What the debugger shows of a simulation, as plain data: the vCPUs, the hosts (pCPU map, ready
// queue, memory) and each vCPU's layer stack. Built from the simulation's state on request;
// nothing here changes it.
import type { Simulation } from '../simulator/engine.js';
import { REGISTER_NAMES } from '../simulator/cpu/code.js';
import type { SourceLocation } from '../simulator/result.js';
import { frameLocation, type Frame, type FrameKind, type VcpuState } from '../simulator/state.js';
import { valueText } from './describe.js';
import { shownFrames } from './inspect.js';

/** Privilege of each cost layer's code, as the debugger's Registers scope shows it. */
const PRIVILEGE = ['user', 'kernel', 'hypervisor', 'host'] as const;

/** One layer of a vCPU as the debugger shows it. */
export interface FrameInfo {
    kind: FrameKind;
    name: string;
    /** Source location of the instruction about to run (hardware frames: the `hw` command). */
    location?: SourceLocation;
    /** Its code's id (`Simulation.codes`); none for a hardware frame. */
    code?: number;
    /** r0–r7, sp. */
    registers: Record<string, number>;
    pc: number;
    flags: { zf: boolean; sf: boolean };
    privilege: 'user' | 'kernel' | 'hypervisor' | 'host';
    /** Parameters of a syscall / handler / hardware command, as text (`com1`, `"liftoff\n"`, `3`). */
    params: Record<string, string>;
}

export interface VcpuInfo {
    id: number;
    /** `web/vcpu0`. */
    name: string;
    vm: string;
    hypervisor: string;
    index: number;
    done: boolean;
    pcpu?: number;
    /** What the hypervisor keeps for the vCPU: virtual interrupt flag, IDT base, CR3, cycles run. */
    iflag: boolean;
    idt: number;
    cr3: number;
    ran: number;
}

/** A host as the debugger's Hypervisor / Host scopes show it. */
export interface HostInfo {
    hypervisor: string;
    hardware: string;
    kind: 'type1' | 'type2' | 'native';
    technique: string;
    /** pCPU map: which vCPU runs where, each pCPU's clock. */
    pcpus: { index: number; time: number; vcpu?: string }[];
    /** Runnable vCPUs waiting for a pCPU, in queue order. */
    ready: string[];
    touchedPages: number;
    usablePages: number;
    failedAt?: number;
}

export function vcpus(sim: Simulation): VcpuInfo[] {
    return sim.state.vcpus.map((v) => {
        const vm = sim.model.vms[v.vm];
        return {
            id: v.id, name: v.name, vm: vm.name, hypervisor: vm.host.name, index: v.index, done: v.done,
            pcpu: v.pcpu >= 0 ? sim.state.pcpus[v.pcpu].index : undefined,
            iflag: v.iflag, idt: v.idt, cr3: v.cr3, ran: v.ran,
        };
    });
}

export function hosts(sim: Simulation): HostInfo[] {
    const s = sim.state;
    return s.hosts.map((h) => ({
        hypervisor: h.model.name,
        hardware: h.model.hardware,
        kind: h.model.kind,
        technique: h.model.technique,
        pcpus: h.pcpus.map((id) => {
            const p = s.pcpus[id];
            return { index: p.index, time: p.time, vcpu: p.vcpu >= 0 ? s.vcpus[p.vcpu].name : undefined };
        }),
        ready: h.ready.map((id) => s.vcpus[id].name),
        touchedPages: h.touchedPages,
        usablePages: Math.floor(h.model.usableBytes / 4096),
        ...(h.failedAt !== undefined ? { failedAt: h.failedAt } : {}),
    }));
}

/** The vCPU's layers, innermost (top of stack) first. */
export function frames(sim: Simulation, vcpuId: number): FrameInfo[] {
    const v = sim.state.vcpus[vcpuId];
    if (!v) return [];
    return shownFrames(v).map((f) => frameInfo(sim, v, f)).reverse();
}

function frameInfo(sim: Simulation, v: VcpuState, f: Frame): FrameInfo {
    const registers: Record<string, number> = {};
    REGISTER_NAMES.forEach((r, i) => (registers[r] = f.regs[i]));
    const names = f.code?.params ?? [];
    const params: Record<string, string> = Object.create(null); // parameter names are user text
    f.pk.forEach((k, i) => (params[names[i] ?? `arg${i}`] = valueText(sim, v, k, f.pv[i])));
    return {
        kind: f.kind, name: f.name, location: frameLocation(f), code: f.code?.id, registers, pc: f.pc,
        flags: { zf: f.zf, sf: f.sf }, privilege: PRIVILEGE[f.layer], params,
    };
}
