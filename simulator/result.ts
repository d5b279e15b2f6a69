// What a simulation produces: the `vmdef run --json` object of LANGUAGE.md §8, plus what the
// report needs (timeline, per-hypervisor figures). Plain data, JSON-serialisable.

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

export interface VmResult {
    name: string;
    hypervisor: string;
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
    /** Why and where the VM stopped when it did not halt normally. */
    stop?: { reason: string; at?: SourceLocation };
    memory: { declaredBytes: number; touchedPages: number; swappedPages: number };
}

export interface HypervisorResult {
    name: string;
    hardware: string;
    kind: 'type1' | 'type2';
    technique: 'full' | 'binary' | 'para' | 'hardware';
    costPreset: string;
    pcpus: number;
    usablePcpus: number;
    clockHz: number;
    cycles: Record<Layer, number> & { total: number };
    hostFailedAt?: number;
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
