// What the machine tells its listener (the engine, `vmdef run --trace`, the debugger): console
// output as written, every layer change of a vCPU, and stops.
import type { FrameKind } from '../state.js';

export interface MachineListener {
    console?(vm: string, text: string, time: number): void;
    transition?(t: Transition): void;
    stop?(s: StopEvent): void;
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
