// The shape of `vmdef compare --json` (LANGUAGE.md §13). Codes and keys stay English.
import type { MonitorTechnique } from '../model.js';
import type { GuestState } from './guest-view.js';

export type { GuestState };

/** Where a run first differed from native: the guest instruction after which it did, and the two values. */
export interface Divergence {
    file: string;
    /** 1-based. */
    line: number;
    /** The instruction as written (`popf`). */
    instruction: string;
    /** What differs: a register (`r1`, `sp`), a flag (`zf`, `sf`, `if`), a memory word (`[0x3ff0]`), `console`, `pc`, `layer`, `running` or `status`. */
    what: string;
    native: number | string;
    virtual: number | string;
    /** Both runs' guest states right after the instruction: only when asked (`--states`, the editor's side-by-side view). */
    states?: { native: GuestState; virtual: GuestState };
}

export interface CompareRun {
    technique: MonitorTechnique;
    diverged: boolean;
    at: Divergence | null;
    /** Cycles the VM ran under this technique up to where the comparison stopped (every layer but waiting). */
    cycles: number;
    /** How much more than native at the same guest instruction, in percent. */
    overhead: number;
}

export interface CompareReport {
    vm: string;
    native: {
        /** The hardware the guest ran on natively. */
        hardware: string;
        /** Cycles of the native run up to where the comparison stopped. */
        cycles: number;
        /** How the native run ended (`running`: stopped by the instruction limit). */
        status: string;
        /** Guest instructions compared. */
        instructions: number;
    };
    runs: CompareRun[];
}
