// What every move of the debug runtime stands on (runtime.ts has the moves): the simulation
// with its listener (console, trace, exception filters), the slices the engine runs in, the
// history snapshots, and how a move begins, stops and ends. Knows nothing of DAP.
import type { RunStop, Simulation, Transition } from '../simulator/engine.js';
import { Breakpoints, type Hit } from './breakpoints.js';
import { ConsoleOutput } from './console-output.js';
import { frameLabel, runSummary } from './describe.js';
import { History } from './history.js';
import { Inspector } from './inspect.js';
import { debuggerMessages as m } from './messages.js';
import { inSlices, SLICE_MS } from './slices.js';
import { Exceptions, type Outcome, type StopInfo } from './stops.js';
import { Watches } from './watches.js';
import { MemoryWork } from './memory/work.js';

export interface RuntimeOutput {
    /** Guest console text (already prefixed per VM when several VMs share the output). */
    console(text: string): void;
    /** Debugger messages: trace lines, the summary. */
    info(text: string): void;
}

const LAYER_WORDS: Record<string, () => string> = {
    guest: m.layerGuest, kernel: m.layerKernel, hypervisor: m.layerHypervisor, host: m.layerHost, hardware: m.layerHardware,
};

/** A trace line's layer (`guest`, `kernel`, … as the engine names them) in words. */
function layerWord(layer: string): string {
    return LAYER_WORDS[layer]?.() ?? layer;
}

/** A periodic snapshot at least this often while running (steps), bounding replay length. */
const SNAPSHOT_STEPS = 2_000_000;

export type Predicate = (sim: Simulation) => boolean;

export class RuntimeDriver {
    readonly breakpoints: Breakpoints;
    /** Data breakpoints on registers, flags and memory words. */
    readonly watches: Watches;
    protected readonly inspector: Inspector;
    protected readonly exceptions: Exceptions;
    /** The monitor's work on guest memory a step in met (described in the stop). */
    protected readonly memoryWork: MemoryWork;
    private readonly console: ConsoleOutput;
    protected history: History;
    protected running = false;
    protected pauseRequested = false;
    protected terminated = false;
    /** Replays restore earlier states: console output is not written again, traces are quiet. */
    private replaying = false;
    /** The step count where the last stop happened (a breakpoint there is passed when resuming). */
    protected stoppedAt = -1;
    protected slice = 200_000;
    private lastSnapshotSteps = 0;

    /** `sim` is public for tests; the session goes through the runtime's methods. */
    constructor(readonly sim: Simulation, private readonly output: RuntimeOutput, private readonly trace = false) {
        this.breakpoints = new Breakpoints(sim);
        this.inspector = new Inspector(sim);
        this.watches = new Watches(sim);
        this.exceptions = new Exceptions(sim);
        this.memoryWork = new MemoryWork(sim);
        this.console = new ConsoleOutput(sim, (text) => output.console(text));
        this.history = new History(sim);
        this.installListener();
    }

    // ------------------------------------------------------------------ configuration

    setExceptionFilters(filters: string[]): void {
        this.exceptions.set(filters);
        this.installListener();
    }

    private installListener(): void {
        const wantsEntries = this.trace || this.exceptions.watchesEntries;
        this.sim.listener = {
            console: (vm, text) => {
                if (!this.replaying) this.console.onConsole(vm, text);
            },
            stop: (e) => this.exceptions.onEngineStop(e),
            memory: (e) => this.memoryWork.onEvent(e),
            ...(wantsEntries ? { transition: (t: Transition) => this.onTransition(t) } : {}),
        };
    }

    private onTransition(t: Transition): void {
        if (this.trace && !this.replaying) {
            const from = layerWord(t.from);
            const to = layerWord(t.to);
            const arrow = t.direction === 'enter' ? `${from} → ${to}` : `${to} ← ${from}`;
            this.output.info(`[${t.time}] ${t.vcpu}: ${arrow} ${frameLabel(t.name)}\n`);
        }
        this.exceptions.onTransition(t);
    }

    get isRunning(): boolean {
        return this.running;
    }

    /** The step count of the present (instructions executed by every vCPU in every layer). */
    get steps(): number {
        return this.sim.state.steps;
    }

    get historyStart(): number {
        return this.history.start;
    }

    /**
     * After a change by the user: history before now would replay without it, and data
     * breakpoints take the new value as their reference.
     */
    protected edited<T extends object>(result: T): T {
        if ('error' in result) return result;
        this.watches.rebase();
        this.history.reset(this.sim);
        this.lastSnapshotSteps = this.sim.state.steps;
        this.stoppedAt = this.sim.state.steps;
        return result;
    }

    /** The vCPU a stop that concerns no particular vCPU is shown on: the one running now, else the first unfinished. */
    currentVcpu(): number {
        const s = this.sim.state;
        const cpu = s.current >= 0 ? s.pcpus[s.current] : undefined;
        if (cpu && cpu.vcpu >= 0) return cpu.vcpu;
        return s.vcpus.find((v) => !v.done)?.id ?? 0;
    }

    protected stopped(stop: StopInfo): Outcome {
        this.stoppedAt = this.sim.state.steps;
        this.watches.rebase();
        this.history.record(this.sim);
        return { kind: 'stopped', stop };
    }

    protected ended(): Outcome {
        const result = this.sim.result();
        const exitCode = result.vms.every((vm) => vm.status === 'halted') ? 0 : 1;
        // terminated by the user (or a restart): no summary of a run that did not end
        if (this.terminated) return { kind: 'ended', result, exitCode };
        this.console.flush();
        this.output.info(runSummary(result));
        return { kind: 'ended', result, exitCode };
    }

    /** Runs one move of the simulation: one at a time, never after the end. */
    protected async moving(move: () => Promise<Outcome>): Promise<Outcome> {
        if (this.running) throw new Error(m.simulationRunning());
        if (this.terminated) throw new Error(m.sessionEnded());
        this.running = true;
        this.pauseRequested = false;
        try {
            return await move();
        } finally {
            this.running = false;
        }
    }

    /** Describes a breakpoint hit and whether it stops (conditions). */
    protected breakpointHit(vcpu: number): Hit | undefined {
        return this.breakpoints.match(vcpu, this.inspector.resolver(vcpu, 0));
    }

    protected exceptionStop(stop: RunStop): StopInfo | undefined {
        return this.exceptions.stopFor(stop, this.currentVcpu());
    }

    /** One slice of the engine, sized to take about SLICE_MS. */
    protected runSlice(options: { predicate?: Predicate; maxSteps?: number }): RunStop {
        this.exceptions.clear();
        const started = performance.now();
        const maxSteps = Math.min(this.slice, options.maxSteps ?? Infinity);
        const stop = this.sim.runUntil({ breakpoints: this.breakpoints.any, stopOn: this.exceptions.stopKinds, predicate: options.predicate, maxSteps });
        const elapsed = performance.now() - started;
        if (stop.reason === 'budget' && maxSteps === this.slice) {
            // adapt: aim at SLICE_MS per slice, never more than ×4 per change
            const factor = Math.max(0.25, Math.min(4, SLICE_MS / Math.max(elapsed, 0.05)));
            this.slice = Math.max(1_000, Math.min(50_000_000, Math.round(this.slice * factor)));
        }
        if (this.sim.state.steps - this.lastSnapshotSteps >= SNAPSHOT_STEPS) {
            this.history.record(this.sim);
            this.lastSnapshotSteps = this.sim.state.steps;
        }
        return stop;
    }

    /** A data breakpoint's stop, if a watched value changed (`writer`: the vCPU whose step changed it). */
    protected watched(writer: number | undefined): StopInfo | undefined {
        const hit = this.watches.take(writer);
        return hit && { reason: 'data breakpoint', vcpu: hit.vcpu, description: hit.description, breakpointIds: hit.ids };
    }

    /** Asks a running continue / step to stop at the next slice boundary. */
    pause(): void {
        if (this.running) this.pauseRequested = true;
    }

    terminate(): void {
        this.terminated = true;
        this.pauseRequested = true;
    }

    /** Restores the state after exactly `target` steps (target >= the history's start). */
    protected async goTo(target: number): Promise<void> {
        const entry = this.history.nearest(target);
        const now = this.sim.state.steps;
        // replay from the present when it lies between the snapshot and the target
        if (!(now >= entry.steps && now <= target)) this.sim.restore(entry.snapshot);
        await this.replay(() => {
            if (this.sim.state.steps >= target || this.sim.finished) return true;
            this.sim.runUntil({ maxSteps: Math.min(5_000_000, target - this.sim.state.steps) });
            return undefined;
        });
        this.lastSnapshotSteps = this.sim.state.steps;
    }

    /** Re-executes what the user has seen happen (quietly: no console output, no trace), in slices. */
    protected async replay<T>(work: () => T | undefined): Promise<T> {
        this.replaying = true;
        try {
            return await inSlices(work);
        } finally {
            this.replaying = false;
        }
    }

    /** A pause during a backwards search: back to where it started (the search is not a place to stop at). */
    protected async abandonReverse(now: number, vcpu: number): Promise<Outcome> {
        this.pauseRequested = false;
        await this.goTo(now);
        return this.stopped({ reason: 'pause', vcpu, description: m.pausedBackwards(now) });
    }

    /** After an internal error: stop where the simulation is, saying so (the user can still inspect or end). */
    failed(message: string): Outcome {
        this.running = false;
        return this.stopped({ reason: 'pause', vcpu: this.currentVcpu(), description: m.debuggerError(message) });
    }
}
