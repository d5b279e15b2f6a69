// Runs the scheduler's chunks through the executor (executor.ts) until a step budget, a
// breakpoint, a listed stop event, a predicate or the end — and, for runs that only want the
// end, runs ahead.
//
// Running ahead: a pCPU whose chunk ended may go on into its next chunks at once while it only
// runs its own VM's guest code (a VM of one vCPU: its registers, its pages, fused traps). Those
// steps touch nothing another pCPU reads, so they commute with the others' chunks; before
// anything else (a hardware command, a first touch of a page, a syscall, a slice end) it stops
// and keeps the start of the chunk it is in as its place in the order (`PcpuState.aheadStart`),
// so everything others can see happens in the same order as in lockstep, and the result is the
// same.
import { atBreakpoint, type Executor, type MutableRunRequest } from './executor.js';
import type { Machine, StopEvent, StopKind } from './machine.js';
import type { MachineModel } from './model.js';
import { CHUNK_CYCLES, returnPending, type FailEvent, type Scheduler } from './scheduler.js';
import type { PcpuState, VcpuState } from './state.js';

/** Why `run`/`step` returned. */
export interface RunStop {
    reason: 'end' | 'breakpoint' | 'step' | 'predicate' | 'event' | 'budget';
    vcpu?: number;
    event?: StopEvent;
}

/** What one `drive` call stops on. */
export interface DriveOptions {
    /** Stop before an instruction on a breakpoint line (there are some). */
    breakpoints: boolean;
    /** Stop after a step that raised one of these events. */
    stopOn?: StopKind[];
    /** Checked after every step. */
    predicate?: () => boolean;
    /** Run ahead where nobody can tell (ignored with breakpoints, `stopOn` or a predicate). */
    runAhead?: boolean;
}

export class Driver {
    /** A vCPU that stopped at a breakpoint passes it once when resumed. */
    passBreakpoint = -1;
    /** The vCPU that executed the last step. */
    lastVcpu = -1;
    /** Steps executed running ahead (tests and benchmarks look). */
    aheadSteps = 0;
    /** The requests of a chunk in the lockstep order and of a chunk run ahead, filled per run (nothing allocated per chunk). */
    private readonly chunkRequest = newRequest(false);
    private readonly aheadRequest = newRequest(true);

    constructor(
        private readonly model: MachineModel,
        private readonly machine: Machine,
        private readonly scheduler: Scheduler,
        readonly executor: Executor,
    ) {}

    /** Runs at most `budget` steps; returns why it stopped. */
    drive(budget: number, options: DriveOptions): RunStop {
        const s = this.machine.state;
        const { breakpoints, stopOn, predicate } = options;
        const pauseOnStops = stopOn !== undefined && stopOn.length > 0;
        const ahead = options.runAhead === true && !breakpoints && !pauseOnStops && predicate === undefined;
        const q = this.chunkRequest;
        q.pauseOnStops = pauseOnStops;
        q.predicate = predicate;
        let steps = 0;
        while (steps < budget) {
            if (s.finished) return { reason: 'end' };
            if (s.current < 0 && !this.scheduler.beginChunk()) return { reason: 'end' };
            const cpu = s.pcpus[s.current];
            const v = s.vcpus[cpu.vcpu];
            this.machine.cpu = cpu;
            this.machine.stopEvent = undefined;
            // a VM of one vCPU may run ahead after this chunk (see the top of this file)
            const mayRunAhead = ahead && this.model.vms[v.vm].vcpus === 1;
            // resuming past the breakpoint it stopped at: one step without the check
            const passing = breakpoints && this.passBreakpoint === v.id;
            q.vcpu = v;
            q.until = s.chunkEnd;
            q.budget = passing ? 1 : budget - steps;
            q.breakpoints = breakpoints && !passing;
            q.aheadLimit = mayRunAhead ? this.straddleLimit(cpu, this.scheduler.nextEvent()) : 0;
            const r = this.executor.run(this.machine, q);
            // read before the executor runs again (running ahead)
            const n = r.steps;
            const predicateHit = r.predicateHit;
            if (passing) this.passBreakpoint = -1;
            // it ended inside a trap taken whole: it is in the next chunk already
            if (r.aheadBoundary >= 0) cpu.aheadStart = r.aheadBoundary;
            steps += n;
            if (n > 0) this.lastVcpu = v.id;
            if (mayRunAhead && steps < budget && this.mayGoOn(cpu, v)) steps += this.runAhead(cpu, v, budget - steps);
            const stop = this.endOfChunk(cpu, v, n === 0 && breakpoints, predicateHit, stopOn);
            if (stop) return stop;
        }
        return { reason: 'budget' };
    }

    /** Its chunk ended at the chunk's end with nothing pending: it may run ahead. */
    private mayGoOn(cpu: PcpuState, v: VcpuState): boolean {
        return cpu.time >= this.machine.state.chunkEnd && cpu.vcpu === v.id && !v.yielded
            && this.machine.stopEvent === undefined && !returnPending(v);
    }

    /**
     * Ends the chunk if it is over; returns why the drive stops there, if it does. `stalled`: it
     * ran no step with breakpoints on (so it may stand before one).
     */
    private endOfChunk(cpu: PcpuState, v: VcpuState, stalled: boolean, predicateHit: boolean, stopOn: StopKind[] | undefined): RunStop | undefined {
        const s = this.machine.state;
        const breakpointHit = stalled && v.pcpu === cpu.id && !v.yielded && atBreakpoint(v);
        if (cpu.aheadStart >= 0) s.current = -1; // in the middle of a chunk it ran ahead into: resumed in order
        else if (cpu.vcpu !== v.id || cpu.time >= s.chunkEnd || v.yielded) this.scheduler.endChunk(cpu);
        if (breakpointHit) {
            this.passBreakpoint = v.id;
            return { reason: 'breakpoint', vcpu: v.id };
        }
        const event = this.machine.stopEvent as StopEvent | undefined;
        if (event && stopOn?.includes(event.kind)) return { reason: 'event', vcpu: v.id, event };
        if (predicateHit) return { reason: 'predicate', vcpu: v.id };
        return undefined;
    }

    /**
     * After its chunk ended, `cpu` runs its next chunks (each CHUNK_CYCLES from where the last
     * ended, as lockstep would cut them) while the executor finds only private work; it stops
     * before anything else, at a chunk that a slice end, an event or the limit would cut, or
     * on the budget -- staying `aheadStart` so `beginChunk` resumes it in its place. Returns the
     * steps executed.
     */
    private runAhead(cpu: PcpuState, v: VcpuState, budget: number): number {
        const q = this.aheadRequest;
        q.vcpu = v;
        let steps = 0;
        // where the chunk it is in starts: its clock, or inside the trap the last chunk ended in
        let start = cpu.aheadStart >= 0 ? cpu.aheadStart : cpu.time;
        while (steps < budget) {
            const end = start + CHUNK_CYCLES;
            const event = this.scheduler.nextEvent();
            if (end >= cpu.sliceEnd || end >= this.scheduler.maxCycles || (event !== undefined && event.time <= end)) break;
            cpu.aheadStart = start;
            q.until = end;
            q.budget = budget - steps;
            q.aheadLimit = this.straddleLimit(cpu, event);
            const r = this.executor.run(this.machine, q);
            steps += r.steps;
            if (r.aheadBoundary >= 0) {
                // the chunk ended inside a trap the executor took whole: the next one starts there
                start = r.aheadBoundary;
                cpu.aheadStart = start;
                if (returnPending(v)) break;
                continue;
            }
            // stopped short (something others could see, or the budget), ran to the end of
            // its body, or the slice ends with this chunk: the scheduler finishes it in order
            if (cpu.time < end || cpu.time >= cpu.sliceEnd || returnPending(v)) break;
            cpu.aheadStart = -1;
            start = cpu.time;
        }
        if (steps > 0) this.lastVcpu = v.id;
        this.aheadSteps += steps;
        return steps;
    }

    /** How far a chunk may straddle into the next one inside a fused trap (`RunRequest.aheadLimit`). */
    private straddleLimit(cpu: PcpuState, event: FailEvent | undefined): number {
        return Math.min(cpu.sliceEnd, this.scheduler.maxCycles, event !== undefined ? event.time : Infinity);
    }
}

/** A request to fill: running ahead never stops on breakpoints, events or predicates. */
function newRequest(ahead: boolean): MutableRunRequest {
    return { vcpu: undefined!, until: 0, budget: 0, breakpoints: false, pauseOnStops: false, predicate: undefined, ahead, aheadLimit: 0 };
}
