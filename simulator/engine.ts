// The simulation engine: a pure library (no I/O, no vscode) driven by the CLI, the debug adapter
// and the language server alike. See simulator/README.md for the API and its guarantees.
//
// `Simulation` is the facade; the work is done by: compile.ts (AST → code), boot.ts (the state
// at cycle 0), scheduler.ts (which pCPU runs which vCPU, chunk by chunk), drive.ts (runs the
// chunks through the executor until a stop; running ahead), executor.ts (the protocol of the two
// executors, cpu/interpreter.ts and fast/executor.ts), machine.ts (one step in any layer) and
// result.ts. Deterministic throughout: running and stepping execute the same instructions.
import { diagnosticsOf, hasErrors, isError, type CheckedWorkspace } from '../language/workspace.js';
import { bootState } from './boot.js';
import { compileMachine } from './compile.js';
import type { Code, Instr, StringTable } from './cpu/code.js';
import { ExactExecutor } from './cpu/interpreter.js';
import { Driver, type RunStop } from './drive.js';
import type { EngineName, Executor } from './executor.js';
import { FastExecutor } from './fast/executor.js';
import { Machine, type MachineListener, type StopEvent, type StopKind } from './machine.js';
import { buildModel, type MachineModel } from './model.js';
import { SimulationError } from './errors.js';
import { simulationErrorMessages } from './messages.js';
import { buildResult, type SimulationResult, type SourceLocation } from './result.js';
import { Scheduler } from './scheduler.js';
import { frameLocation, latestClock, PcpuState, type SimState } from './state.js';

/** Runaway guests end with status `limit` after this many host cycles unless `maxCycles` says otherwise. */
export const DEFAULT_MAX_CYCLES = 1_000_000_000;
export { CHUNK_CYCLES, MAX_TIMELINE } from './scheduler.js';

export interface SimulationOptions {
    /** Host cycles after which unfinished VMs stop with status `limit` (default DEFAULT_MAX_CYCLES). */
    maxCycles?: number;
    /** `exact` (the interpreter, default) or `fast` (guest blocks translated to JavaScript, simulator/fast/); same results. */
    engine?: EngineName;
    listener?: MachineListener;
    /** The cost preset of hypervisors that name none with `costs` (setting `vmdef.costPreset`). */
    costPreset?: string;
}

export { SimulationError };
export type { RunStop };

export interface RunOptions {
    /** Stop before an instruction on a line with a breakpoint. */
    breakpoints?: boolean;
    /** Stop after a step that raised one of these events (fault, halt, fidelity, ...). */
    stopOn?: StopKind[];
    /** Checked after every step (slow: single steps). */
    predicate?: (sim: Simulation) => boolean;
    /** At most this many steps. */
    maxSteps?: number;
    /**
     * Let a pCPU run its next chunks before the others' while it does nothing they could see (see
     * drive.ts): the same result in less time, but a stop on the budget may find pCPUs further
     * apart than one chunk. Ignored with breakpoints, `stopOn` or a predicate.
     */
    runAhead?: boolean;
}

export interface Snapshot {
    readonly state: SimState;
}

function createExecutor(engine: EngineName | undefined): Executor {
    return engine === 'fast' ? new FastExecutor() : new ExactExecutor();
}

export class Simulation {
    readonly model: MachineModel;
    readonly machine: Machine;
    readonly maxCycles: number;
    readonly strings: StringTable;
    /** Every compiled body (`Code.id` is the index). */
    readonly codes: Code[];
    private readonly scheduler: Scheduler;
    private readonly driver: Driver;
    private readonly breakpointLines = new Map<string, Set<number>>();
    /** Instructions flagged one by one (the debugger's instruction breakpoints), besides whole lines. */
    private readonly flaggedInstructions = new Set<Instr>();

    /** Builds the machine from a checked workspace; a workspace with errors is refused. */
    static create(workspace: CheckedWorkspace, options: SimulationOptions = {}): Simulation {
        if (hasErrors(workspace.documents)) throw new SimulationError(simulationErrorMessages.definitionHasErrors());
        // a broken standard library would silently lose handlers or costs: refuse loudly
        for (const doc of workspace.stdlib) {
            const d = diagnosticsOf(doc).find(isError);
            if (d) throw new SimulationError(simulationErrorMessages.stdlibError(`${doc.uri.fsPath}:${d.range.start.line + 1}`, d.message));
        }
        return new Simulation(buildModel(workspace.documents, workspace.stdlib, options.costPreset), options);
    }

    constructor(model: MachineModel, options: SimulationOptions = {}) {
        this.model = model;
        this.maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
        const compiled = compileMachine(model);
        this.strings = compiled.strings;
        this.codes = compiled.codes;
        this.machine = new Machine(compiled.strings.strings, compiled.hosts, compiled.vms, (v) => this.scheduler.descheduled(v));
        this.machine.listener = options.listener ?? {};
        this.machine.state = bootState(model, compiled.programs, compiled.vms.map((v) => v.boot), compiled.laterProcesses);
        this.machine.cpu = this.state.pcpus[0] ?? new PcpuState(-1, -1, -1);
        this.scheduler = new Scheduler(model, this.machine, this.maxCycles);
        this.scheduler.start();
        this.driver = new Driver(model, this.machine, this.scheduler, createExecutor(options.engine));
    }

    set listener(listener: MachineListener) {
        this.machine.listener = listener;
    }

    /** All mutable state (replaced by `restore`). */
    get state(): SimState {
        return this.machine.state;
    }

    /** The executor `SimulationOptions.engine` chose (tests read the fast one's statistics). */
    get executor(): Executor {
        return this.driver.executor;
    }

    /** Steps executed running ahead (tests and benchmarks look). */
    get aheadSteps(): number {
        return this.driver.aheadSteps;
    }

    // ------------------------------------------------------------------ running

    /** Runs to the end and returns the result. */
    run(): SimulationResult {
        while (!this.state.finished) this.driver.drive(Number.MAX_SAFE_INTEGER, { breakpoints: false, runAhead: true });
        return this.result();
    }

    /** Runs until a breakpoint, a listed event, the predicate, `maxSteps` or the end. */
    runUntil(options: RunOptions = {}): RunStop {
        const predicate = options.predicate;
        return this.driver.drive(options.maxSteps ?? Number.MAX_SAFE_INTEGER, {
            breakpoints: options.breakpoints === true && (this.breakpointLines.size > 0 || this.flaggedInstructions.size > 0),
            stopOn: options.stopOn,
            predicate: predicate && (() => predicate(this)),
            runAhead: options.runAhead,
        });
    }

    /** Executes the next instruction in the canonical order (whichever vCPU is due). */
    stepInstruction(): RunStop {
        const stop = this.driver.drive(1, { breakpoints: false });
        return stop.reason === 'budget' ? { reason: 'step', vcpu: this.driver.lastVcpu } : stop;
    }

    /** Runs the canonical order until vCPU `vcpuId` has executed one instruction (others run as they would). */
    step(vcpuId: number): RunStop {
        const v = this.state.vcpus[vcpuId];
        if (!v) throw new SimulationError(simulationErrorMessages.noVcpu(vcpuId));
        while (!this.state.finished && !v.done) {
            const before = this.state.steps;
            const stop = this.driver.drive(1, { breakpoints: false });
            if (stop.reason === 'end') return stop;
            if (this.driver.lastVcpu === vcpuId && this.state.steps > before) return { reason: 'step', vcpu: vcpuId, event: this.machine.stopEvent };
        }
        return { reason: 'end', vcpu: vcpuId };
    }

    get finished(): boolean {
        return this.state.finished;
    }

    /** The current time: the clock of the pCPU furthest ahead. */
    get time(): number {
        return latestClock(this.state.pcpus);
    }

    /** Where vCPU `vcpuId` is: the instruction its innermost layer is about to run (none once it is done). */
    location(vcpuId: number): SourceLocation | undefined {
        const frames = this.state.vcpus[vcpuId]?.frames;
        return frames && frames.length > 0 ? frameLocation(frames[frames.length - 1]) : undefined;
    }

    // ------------------------------------------------------------------ breakpoints

    /** Sets the breakpoints of one file (replacing earlier ones); returns the lines that hold an instruction. */
    setBreakpoints(file: string, lines: number[]): number[] {
        const wanted = new Set(lines);
        const verified = new Set<number>();
        for (const code of this.codes) {
            for (const ins of code.instrs) {
                if (ins.loc.file !== file) continue;
                ins.bp = wanted.has(ins.loc.line);
                if (ins.bp) verified.add(ins.loc.line);
                else if (this.flaggedInstructions.has(ins)) ins.bp = true;
            }
        }
        if (wanted.size > 0) this.breakpointLines.set(file, wanted);
        else this.breakpointLines.delete(file);
        // the fast engine leaves breakpoint instructions out of its translations: translate afresh
        this.driver.executor.invalidate();
        return lines.filter((l) => verified.has(l));
    }

    /**
     * Stops before single instructions (by code id and pc; replacing earlier ones) as well as
     * before the lines of `setBreakpoints`; says which of them exist.
     */
    setInstructionBreakpoints(places: { code: number; pc: number }[]): boolean[] {
        for (const ins of this.flaggedInstructions) ins.bp = this.breakpointLines.get(ins.loc.file)?.has(ins.loc.line) === true;
        this.flaggedInstructions.clear();
        const found = places.map(({ code, pc }) => {
            const ins = this.codes[code]?.instrs[pc];
            if (ins) {
                ins.bp = true;
                this.flaggedInstructions.add(ins);
            }
            return ins !== undefined;
        });
        this.driver.executor.invalidate();
        return found;
    }

    // ------------------------------------------------------------------ snapshots

    snapshot(): Snapshot {
        return { state: this.state.clone() };
    }

    restore(snapshot: Snapshot): void {
        this.machine.state = snapshot.state.clone();
        this.machine.cpu = this.state.pcpus[Math.max(0, this.state.current)] ?? this.machine.cpu;
        this.driver.passBreakpoint = -1;
    }

    /** The result so far (final once `finished`). */
    result(): SimulationResult {
        return buildResult(this.model, this.state, this.time);
    }
}

export type { StopEvent, StopKind, MachineListener };
export type { MemoryEvent, Transition } from './machine.js';
