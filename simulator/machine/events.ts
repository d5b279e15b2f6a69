// What the machine tells its listener (the engine, `vmdef run --trace`, the debugger): console
// output as written, every layer change of a vCPU, stops, and the monitor's work on guest
// memory (a hidden page fault, a trapped page-table store, an EPT violation — heard as the access
// enters the monitor's handler, LANGUAGE.md §11 — or an `mmu_update` validated or refused).
import type { FrameKind } from '../state.js';

export interface MachineListener {
    console?(vm: string, text: string, time: number): void;
    transition?(t: Transition): void;
    stop?(s: StopEvent): void;
    memory?(e: MemoryEvent): void;
}

/**
 * The hypervisor's work on a guest's memory during one step of `vcpu`:
 *   hidden-page-fault  a TLB miss on `address` (virtual) the shadow lacks: the monitor's
 *                      `page_fault` handler is entered (a fill, or a true fault it injects)
 *   pte-write          a guest store to a write-protected table: `address` (virtual) →
 *                      `physical`, taken by a trap, a VM exit or (binary) a callout
 *   ept-violation      the first touch of guest-physical page `address`: the host backs it
 *   mmu-update         `hw pte_write`: entry `address` ← `value`, validated or `refused`
 */
export interface MemoryEvent {
    vcpu: string;
    kind: 'hidden-page-fault' | 'pte-write' | 'ept-violation' | 'mmu-update';
    address: number;
    physical?: number;
    value?: number;
    refused?: boolean;
    via?: 'trap' | 'exit' | 'callout';
}

/** A layer change of one vCPU: entering a frame or returning from one. */
export interface Transition {
    vcpu: string;
    /** The pCPU it happened on: its global index (`sim.state.pcpus`, host by host); its clock is `time`. */
    pcpu: number;
    time: number;
    direction: 'enter' | 'leave';
    from: FrameKind;
    to: FrameKind;
    /** The frame entered or left. */
    name: string;
}

export type StopKind = 'fault' | 'halt' | 'limit' | 'host-failed' | 'fidelity' | 'breakpoint' | 'interrupt';

export interface StopEvent {
    kind: StopKind;
    vm: string;
    vcpu?: string;
    /** The reason in English; `code`, `args` (and a fault's `vector`) name it in simulator/messages.ts, for presenters to write it in their language (`localizedStop`). */
    message: string;
    code?: string;
    args?: (string | number)[];
    vector?: string;
    at?: { file: string; line: number; column: number };
    time: number;
}
