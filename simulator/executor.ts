// The executor protocol: how the scheduler has one vCPU run on its pCPU for a while. An
// executor is told everything in one `RunRequest` and answers with one `RunResult`; it reads
// nothing of the `Simulation` (and imports nothing of it), only the machine it runs on. The
// protocol is per chunk, never per instruction, and allocates nothing: the driver fills one
// request object per call, and each executor answers with its own result object.
//
// Two executors give identical results (test/fast's differential tests): `ExactExecutor`
// (cpu/interpreter.ts, the reference) and `FastExecutor` (fast/executor.ts, binary translation).
// The engine builds one from `SimulationOptions.engine`; nobody else constructs them.
import type { Machine } from './machine.js';
import type { VcpuState } from './state.js';

/** The engine's one public choice of executor. */
export type EngineName = 'exact' | 'fast';

/** What to run and when to stop. */
export interface RunRequest {
    /** The vCPU to run, on `machine.cpu`. */
    readonly vcpu: VcpuState;
    /** Run while the pCPU clock is below this (the chunk's end). */
    readonly until: number;
    /** At most this many steps. */
    readonly budget: number;
    /** Stop before an instruction on a breakpoint line (`Instr.bp`, see `atBreakpoint`). */
    readonly breakpoints: boolean;
    /** Stop after a step that set `machine.stopEvent` (the debugger's exception filters). */
    readonly pauseOnStops: boolean;
    /**
     * Checked after every step; the run stops after the first step it holds for (step over /
     * out, data breakpoints). Only the exact interpreter checks it: the fast executor hands such
     * a run to it whole.
     */
    readonly predicate: (() => boolean) | undefined;
    /**
     * Running ahead (scheduler.ts): run only guest frames (layer ≤ kernel) on pages the VM
     * already has — no `Machine.step`, no finished frame — and stop before anything else.
     */
    readonly ahead: boolean;
    /**
     * > 0: the chunk may end inside a fused trap (fast engine) taken whole when the next chunk,
     * starting where lockstep would start it, ends before this time (slice end, limit, next
     * event); the result's `aheadBoundary` then says where that next chunk starts. 0: never.
     */
    readonly aheadLimit: number;
}

/** What a run did: the executor's own object, overwritten by its next run (read it first). */
export interface RunResult {
    /** Steps executed (instructions, and entries of layers: the canonical step count). */
    steps: number;
    /** The request's predicate held after the last step. */
    predicateHit: boolean;
    /** The start of the next chunk when the run ended inside a trap taken whole, else −1. */
    aheadBoundary: number;
}

export interface Executor {
    readonly name: EngineName;
    run(machine: Machine, request: RunRequest): RunResult;
    /** Forget everything derived from the code (translations): its breakpoint flags changed. */
    invalidate(): void;
}

/** A request the driver fills for each run. */
export type MutableRunRequest = { -readonly [K in keyof RunRequest]: RunRequest[K] };

/** Whether vCPU `v` is about to run an instruction on a breakpoint line. */
export function atBreakpoint(v: VcpuState): boolean {
    const f = v.frames[v.frames.length - 1];
    return f !== undefined && f.code !== undefined && f.code.instrs[f.pc]?.bp === true;
}
