// The debug runtime: drives one Simulation for a debugger and knows nothing of DAP (the
// session in session.ts translates). Every way of moving — continue, step in / over / out,
// step back, reverse continue — is an async loop of bounded slices that yields to the event
// loop between them (setImmediate), so a pause request is always heard and a guest that
// never ends never blocks the adapter. Time travel restores the nearest snapshot and replays
// the exact number of steps (the engine is deterministic; see history.ts).
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { checkWorkspace, diagnosticsOf } from '../../language/workspace.js';
import { FastExecutor } from '../fast/executor.js';
import { Simulation, SimulationError, type RunStop, type StopEvent, type StopKind, type Transition } from '../engine.js';
import type { SimulationResult } from '../result.js';
import { Breakpoints, type Hit } from './breakpoints.js';
import { describeEntry, describeStep } from './describe.js';
import { History } from './history.js';
import { Inspector } from './inspect.js';
import { Watches } from './watches.js';

/** Exception filters (DAP `exceptionBreakpointFilters`). */
export const EXCEPTION_FILTERS = [
    { filter: 'traps', label: 'Traps and VM exits', description: 'Stop when a guest instruction enters the hypervisor: a trap (full), a callout of translated code (binary) or a VM exit (hardware).', default: false },
    { filter: 'hypercalls', label: 'Hypercalls', description: 'Stop when a paravirtualized kernel calls the hypervisor.', default: false },
    { filter: 'faults', label: 'Guest faults', description: 'Stop when a guest faults (#GP, #PF, #DE, #UD, #SS) or an injected failure kills it.', default: true },
    { filter: 'fidelity', label: 'Fidelity violations', description: 'Stop when a sensitive-unprivileged instruction runs without trapping under full virtualization (Popek & Goldberg).', default: true },
    { filter: 'host-failed', label: 'Host failure', description: 'Stop when a Type 2 host OS fails and takes its guests with it.', default: true },
] as const;
export type ExceptionFilter = (typeof EXCEPTION_FILTERS)[number]['filter'];

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'data breakpoint' | 'exception' | 'pause';

export interface StopInfo {
    reason: StopReason;
    vcpu: number;
    /** What happened, in words (`trap: out com1 → io_out`, `breakpoint at countdown line 24`). */
    description: string;
    breakpointIds?: number[];
    exception?: { id: ExceptionFilter; description: string };
}

export type Outcome = { kind: 'stopped'; stop: StopInfo } | { kind: 'ended'; result: SimulationResult; exitCode: number };

export interface RuntimeOutput {
    /** Guest console text (already prefixed per VM when several VMs share the output). */
    console(text: string): void;
    /** Debugger messages: trace lines, the summary. */
    info(text: string): void;
}

export interface LaunchOptions {
    program: string;
    /**
     * More .vmdef files loaded with `program` as one workspace (a split workspace: the VM here,
     * its hypervisor there). Relative paths resolve like `program`'s.
     */
    files?: string[];
    maxCycles?: number;
    /** The cost preset of hypervisors that name none (`vmdef.costPreset`). */
    costPreset?: string;
    trace?: boolean;
}

export class LaunchError extends Error {
    constructor(message: string, readonly diagnostics: string[] = []) {
        super(message);
    }
}

/** Slices aim at this much wall time so pause answers within it. */
const SLICE_MS = 8;
/** A periodic snapshot at least this often while running (steps), bounding replay length. */
const SNAPSHOT_STEPS = 2_000_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

type Mode =
    | { kind: 'continue' }
    | { kind: 'next' | 'stepOut'; vcpu: number; depth: number; calls: number };

/** Builds the checked workspace of `program` and `files`; errors become a LaunchError with `file:line:col` lines. */
export async function loadSimulation(options: LaunchOptions): Promise<Simulation> {
    const paths = launchFiles(options);
    const sources = paths.map((file) => ({ path: file, text: readSource(file, file === paths[0] ? undefined : 'files') }));
    const workspace = await checkWorkspace(sources);
    const diagnostics: string[] = [];
    let errors = 0;
    for (const doc of [...workspace.documents, ...workspace.stdlib]) {
        for (const d of diagnosticsOf(doc)) {
            if (d.severity !== 1) continue;
            errors++;
            diagnostics.push(`${doc.uri.fsPath}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code ?? ''}: ${d.message}`);
        }
    }
    if (errors > 0) {
        const names = paths.map((file) => nodePath.basename(file));
        const what = names.length === 1 ? `${names[0]} has` : names.length <= 3 ? `${names.join(' + ')} have` : `${names[0]} + ${names.length - 1} more files have`;
        throw new LaunchError(`${what} ${errors} error(s); fix them before debugging`, diagnostics);
    }
    if (options.maxCycles !== undefined && !(Number.isSafeInteger(options.maxCycles) && options.maxCycles > 0)) {
        throw new LaunchError(`maxCycles must be a positive whole number, not ${JSON.stringify(options.maxCycles)}`);
    }
    // the fast engine where no breakpoint can stop (a continue without breakpoints, every replay
    // of time travel); it hands over to the exact interpreter itself while breakpoints are active
    try {
        return Simulation.create(workspace, { maxCycles: options.maxCycles, costPreset: options.costPreset, executor: new FastExecutor() });
    } catch (e) {
        if (e instanceof SimulationError) throw new LaunchError(e.message);
        throw e;
    }
}

/** `program`, then each of `files` not already named, as absolute paths. */
export function launchFiles(options: LaunchOptions): string[] {
    const files: unknown = options.files ?? [];
    if (!Array.isArray(files) || files.some((f) => typeof f !== 'string' || f === '')) {
        throw new LaunchError(`'files' must be a list of .vmdef paths, not ${JSON.stringify(files)}`);
    }
    const paths = [nodePath.resolve(options.program)];
    for (const file of files as string[]) {
        const absolute = nodePath.resolve(file);
        if (!paths.includes(absolute)) paths.push(absolute);
    }
    // one folder is one system (language/systems.ts): a file of another folder would not link
    const elsewhere = paths.find((file) => nodePath.dirname(file) !== nodePath.dirname(paths[0]));
    if (elsewhere) {
        throw new LaunchError(`${elsewhere} named in 'files' is in another folder than 'program': each folder is a separate system, so the files must share the folder of ${nodePath.basename(paths[0])}`);
    }
    return paths;
}

function readSource(file: string, attribute?: string): string {
    try {
        return fs.readFileSync(file, 'utf8');
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        throw new LaunchError(attribute ? `cannot read ${file} named in '${attribute}' (${code})` : `cannot read ${file} (${code})`);
    }
}

export class DebugRuntime {
    readonly breakpoints: Breakpoints;
    readonly inspector: Inspector;
    /** Data breakpoints on registers and flags. */
    readonly watches: Watches;
    private history: History;
    private filters = new Set<ExceptionFilter>(EXCEPTION_FILTERS.filter((f) => f.default).map((f) => f.filter));
    private running = false;
    private pauseRequested = false;
    private terminated = false;
    /** Replays restore earlier states: console output is not written again, traces are quiet. */
    private replaying = false;
    /** The step count where the last stop happened (a breakpoint there is passed when resuming). */
    private stoppedAt = -1;
    /** A trap / VM exit / hypercall the transition listener saw in the current step, if its filter is on. */
    private entered: { filter: ExceptionFilter; vcpu: string } | undefined;
    /** Per VM: how much console text the user has been shown (re-execution after time travel is not repeated). */
    private shownConsole: number[];
    private readonly partialLine = new Map<string, string>();
    private slice = 200_000;
    private lastSnapshotSteps = 0;
    private readonly vcpuByName = new Map<string, number>();
    private injected: StopEvent | undefined;

    constructor(readonly sim: Simulation, private readonly output: RuntimeOutput, private readonly trace = false) {
        this.breakpoints = new Breakpoints(sim);
        this.inspector = new Inspector(sim);
        this.watches = new Watches(sim);
        // the fast engine translates code with breakpoint instructions left out of its blocks:
        // new breakpoints need new translations
        this.breakpoints.onChange = () => {
            if (this.sim.executor instanceof FastExecutor) this.sim.executor = new FastExecutor();
        };
        this.history = new History(sim);
        this.shownConsole = sim.state.vms.map(() => 0);
        sim.state.vcpus.forEach((v) => this.vcpuByName.set(v.name, v.id));
        this.installListener();
    }

    // ------------------------------------------------------------------ configuration

    setExceptionFilters(filters: string[]): void {
        this.filters = new Set(filters.filter((f): f is ExceptionFilter => EXCEPTION_FILTERS.some((x) => x.filter === f)));
        this.installListener();
    }

    private installListener(): void {
        const wantsEntries = this.trace || this.filters.has('traps') || this.filters.has('hypercalls');
        this.sim.listener = {
            console: (vm, text) => this.onConsole(vm, text),
            stop: (e) => this.onEngineStop(e),
            ...(wantsEntries ? { transition: (t: Transition) => this.onTransition(t) } : {}),
        };
    }

    private get stopKinds(): StopKind[] {
        const kinds: StopKind[] = [];
        if (this.filters.has('faults')) kinds.push('fault');
        if (this.filters.has('fidelity')) kinds.push('fidelity');
        if (this.filters.has('host-failed')) kinds.push('host-failed');
        // traps and hypercalls: the transition listener raises a `breakpoint` stop event
        if (this.filters.has('traps') || this.filters.has('hypercalls')) kinds.push('breakpoint');
        return kinds;
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

    // ------------------------------------------------------------------ listener

    private onConsole(vm: string, text: string): void {
        if (this.replaying) return;
        const index = this.sim.model.vms.findIndex((m) => m.name === vm);
        const length = this.sim.state.vms[index]?.console.length ?? 0;
        const fresh = length - this.shownConsole[index];
        if (fresh <= 0) return;
        this.shownConsole[index] = length;
        const tail = text.slice(Math.max(0, text.length - fresh));
        if (this.sim.model.vms.length === 1) {
            this.output.console(tail);
            return;
        }
        const lines = ((this.partialLine.get(vm) ?? '') + tail).split('\n');
        this.partialLine.set(vm, lines.pop()!);
        if (lines.length > 0) this.output.console(lines.map((l) => `${vm}| ${l}\n`).join(''));
    }

    private flushConsole(): void {
        for (const [vm, rest] of this.partialLine) if (rest) this.output.console(`${vm}| ${rest}\n`);
        this.partialLine.clear();
    }

    /**
     * Injected failures (`fail at`, `fail host at`) happen between chunks, where the engine does
     * not report them as a run stop: remember them and stop at the end of the slice.
     */
    private onEngineStop(e: StopEvent): void {
        if (e.vcpu !== undefined || (e.kind !== 'fault' && e.kind !== 'host-failed')) return;
        this.injected ??= e;
    }

    /** An injected failure seen during the last slice, as an exception stop if its filter is on. */
    private takeInjected(): StopInfo | undefined {
        const e = this.injected;
        this.injected = undefined;
        if (!e) return undefined;
        const vm = this.sim.state.vms.find((x) => x.model.name === e.vm);
        return this.exceptionStop({ reason: 'event', vcpu: vm?.vcpus[0] ?? 0, event: e });
    }

    private onTransition(t: Transition): void {
        if (this.trace && !this.replaying) {
            const arrow = t.direction === 'enter' ? `${t.from} → ${t.to}` : `${t.to} ← ${t.from}`;
            this.output.info(`[${t.time}] ${t.vcpu}: ${arrow} ${t.name}\n`);
        }
        if (t.direction !== 'enter' || t.to !== 'hypervisor') return;
        const filter: ExceptionFilter = t.name.startsWith('hypercall ') ? 'hypercalls' : 'traps';
        if (!this.filters.has(filter)) return;
        this.entered = { filter, vcpu: t.vcpu };
        // the executor pauses after a step that raised a stop event (engine.ts: pauseOnStops)
        const event: StopEvent = { kind: 'breakpoint', vm: '', vcpu: t.vcpu, message: t.name, time: t.time };
        this.sim.machine.stopEvent = event;
    }

    // ------------------------------------------------------------------ helpers

    /** The vCPU a stop that concerns no particular vCPU is shown on: the one running now, else the first unfinished. */
    currentVcpu(): number {
        const s = this.sim.state;
        const cpu = s.current >= 0 ? s.pcpus[s.current] : undefined;
        if (cpu && cpu.vcpu >= 0) return cpu.vcpu;
        return s.vcpus.find((v) => !v.done)?.id ?? 0;
    }

    private stopped(stop: StopInfo): Outcome {
        this.stoppedAt = this.sim.state.steps;
        this.watches.rebase();
        this.history.record(this.sim);
        return { kind: 'stopped', stop };
    }

    private ended(): Outcome {
        const result = this.sim.result();
        const exitCode = result.vms.every((vm) => vm.status === 'halted') ? 0 : 1;
        // terminated by the user (or a restart): no summary of a run that did not end
        if (this.terminated) return { kind: 'ended', result, exitCode };
        this.flushConsole();
        const lines = result.vms.map((vm) => {
            const layers = (['guest', 'kernel', 'hypervisor', 'host', 'waiting'] as const).map((l) => `${l} ${vm.cycles[l]}`).join(', ');
            const why = vm.stop ? ` — ${vm.stop.reason}` : '';
            return `${vm.name} (${vm.hypervisor}): ${vm.status}${why}; ${vm.instructions} instructions, ${vm.cycles.total} cycles (${layers})`;
        });
        lines.push(`simulated ${result.cycles} host cycles`);
        this.output.info(lines.join('\n') + '\n');
        return { kind: 'ended', result, exitCode };
    }

    private begin(): void {
        if (this.running) throw new Error('the simulation is running; pause it first');
        if (this.terminated) throw new Error('the debug session has ended');
        this.running = true;
        this.pauseRequested = false;
    }

    /** Describes a breakpoint hit and whether it stops (conditions). */
    private breakpointHit(vcpu: number): Hit | undefined {
        const frameIndex = 0;
        return this.breakpoints.match(vcpu, this.inspector.resolver(vcpu, frameIndex));
    }

    private breakpointStop(vcpu: number, hit: Hit): StopInfo {
        const description = hit.names.join('; ') + (hit.error ? ` — ${hit.error}` : '');
        return { reason: hit.kind === 'function' ? 'function breakpoint' : 'breakpoint', vcpu, description, breakpointIds: hit.ids };
    }

    /** Maps an engine stop event to an exception stop if its filter is on. */
    private exceptionStop(stop: RunStop): StopInfo | undefined {
        const event = stop.event;
        if (!event) return undefined;
        const vcpu = event.vcpu !== undefined ? (this.vcpuByName.get(event.vcpu) ?? stop.vcpu ?? 0) : (stop.vcpu ?? this.currentVcpu());
        if (event.kind === 'breakpoint' && this.entered) {
            const id = this.vcpuByName.get(this.entered.vcpu) ?? vcpu;
            const description = describeEntry(this.sim, id);
            return { reason: 'exception', vcpu: id, description, exception: { id: this.entered.filter, description } };
        }
        const filter: ExceptionFilter | undefined = event.kind === 'fault' ? 'faults' : event.kind === 'fidelity' ? 'fidelity' : event.kind === 'host-failed' ? 'host-failed' : undefined;
        if (!filter || !this.filters.has(filter)) return undefined;
        const where = event.at ? ` at ${nodePath.basename(event.at.file)}:${event.at.line}:${event.at.column}` : '';
        const label = filter === 'faults' ? 'guest fault' : filter === 'fidelity' ? 'fidelity violation' : 'host failure';
        const description = `${label} in ${event.vm}: ${event.message}${where}`;
        return { reason: 'exception', vcpu, description, exception: { id: filter, description } };
    }

    /** One slice of the engine, sized to take about SLICE_MS. */
    private runSlice(options: { predicate?: (sim: Simulation) => boolean; maxSteps?: number }): RunStop {
        this.entered = undefined;
        this.injected = undefined;
        const started = performance.now();
        const maxSteps = Math.min(this.slice, options.maxSteps ?? Infinity);
        const stop = this.sim.runUntil({ breakpoints: this.breakpoints.any, stopOn: this.stopKinds, predicate: options.predicate, maxSteps });
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

    // ------------------------------------------------------------------ moving forward

    /** Runs until a breakpoint, an exception filter, a pause or the end. */
    continue(): Promise<Outcome> {
        return this.forward({ kind: 'continue' });
    }

    /** Runs one instruction of `vcpu` (entering a layer is one instruction: a syscall, trap, VM exit, hw command). */
    async stepIn(vcpu: number): Promise<Outcome> {
        this.begin();
        try {
            const v = this.sim.state.vcpus[vcpu];
            if (!v || v.done) return await this.forwardUnlocked({ kind: 'continue' });
            const depth = v.frames.length;
            this.entered = undefined;
            const stop = this.sim.step(vcpu);
            // a fault, fidelity violation or host failure is an exception even when single-stepping
            const exception = stop.event && stop.event.kind !== 'breakpoint' ? this.exceptionStop(stop) : undefined;
            if (exception) return this.stopped(exception);
            if (this.sim.finished || stop.reason === 'end') return this.sim.finished ? this.ended() : await this.forwardUnlocked({ kind: 'continue' });
            return this.stopped({ reason: 'step', vcpu, description: describeStep(this.sim, vcpu, depth) });
        } finally {
            this.running = false;
        }
    }

    /** Step over: runs the whole translation of the instruction and stops at the next one of the same layer. */
    next(vcpu: number): Promise<Outcome> {
        const v = this.sim.state.vcpus[vcpu];
        if (!v || v.done) return this.continue();
        const top = v.frames[v.frames.length - 1];
        return this.forward({ kind: 'next', vcpu, depth: v.frames.length, calls: top.calls.length });
    }

    /** Runs until the current layer (or `call`ed subroutine) returns to the one above it. */
    stepOut(vcpu: number): Promise<Outcome> {
        const v = this.sim.state.vcpus[vcpu];
        if (!v || v.done) return this.continue();
        const top = v.frames[v.frames.length - 1];
        if (v.frames.length === 1 && top.calls.length === 0) return this.continue();
        return this.forward({ kind: 'stepOut', vcpu, depth: v.frames.length, calls: top.calls.length });
    }

    private async forward(mode: Mode): Promise<Outcome> {
        this.begin();
        try {
            return await this.forwardUnlocked(mode);
        } finally {
            this.running = false;
        }
    }

    /** The forward loop; the caller holds `running`. */
    private async forwardUnlocked(mode: Mode): Promise<Outcome> {
        const resumedAt = this.stoppedAt;
        let predicate: ((sim: Simulation) => boolean) | undefined;
        // `writer`: the vCPU whose step changed a watched value (a memory word's stop is shown on it)
        const watched = (writer: number | undefined): StopInfo | undefined => {
            const hit = this.watches.take(writer);
            return hit && { reason: 'data breakpoint', vcpu: hit.vcpu, description: hit.description, breakpointIds: hit.ids };
        };
        if (mode.kind !== 'continue') {
            const { vcpu, depth, calls } = mode;
            const out = mode.kind === 'stepOut';
            // next: back at this layer (same call depth or shallower) after at least one instruction;
            // stepOut: this layer (or subroutine) returned
            predicate = (sim) => {
                const v = sim.state.vcpus[vcpu];
                if (v.done) return true;
                const d = v.frames.length;
                if (d !== depth) return d < depth;
                const c = v.frames[d - 1].calls.length;
                return out ? c < calls : c <= calls;
            };
            // the first instruction of the stepping vCPU runs unconditionally (it may sit on a breakpoint)
            this.entered = undefined;
            const { stop: first, writer } = this.stepWatching(vcpu);
            if (this.sim.finished) return this.ended();
            const exception = this.exceptionStop(first);
            if (exception) return this.stopped(exception);
            const data = writer !== undefined ? watched(writer) : undefined;
            if (data) return this.stopped(data);
            if (first.reason === 'end' || this.sim.state.vcpus[vcpu].done) {
                mode = { kind: 'continue' };
                predicate = undefined;
            } else if (predicate(this.sim)) {
                return this.stopped({ reason: 'step', vcpu, description: describeStep(this.sim, vcpu, mode.depth) });
            }
        }
        // data breakpoints are checked after every step, with the stepping condition if any
        if (this.watches.any) {
            const stepping = predicate;
            predicate = (sim) => this.watches.changed() || (stepping !== undefined && stepping(sim));
        }
        const stepPredicate = mode.kind === 'continue' ? undefined : predicate;
        // a predicate is checked after every single step: start with small slices
        if (predicate) this.slice = Math.min(this.slice, 20_000);
        let sliceStart = performance.now();
        for (;;) {
            if (this.terminated) return this.ended();
            if (this.pauseRequested) {
                this.pauseRequested = false;
                const vcpu = mode.kind === 'continue' ? this.currentVcpu() : mode.vcpu;
                return this.stopped({ reason: 'pause', vcpu, description: `paused at step ${this.sim.state.steps}, ${this.sim.time} cycles` });
            }
            const stop = this.runSlice({ predicate });
            const failure = this.takeInjected();
            if (failure) return this.stopped(failure);
            if (stop.reason === 'end' || this.sim.finished) return this.ended();
            if (stop.reason === 'breakpoint') {
                const vcpu = stop.vcpu!;
                // the breakpoint the user is already stopped at (after time travel): pass it
                if (this.sim.state.steps === resumedAt) continue;
                const hit = this.breakpointHit(vcpu);
                if (hit) return this.stopped(this.breakpointStop(vcpu, hit));
                continue;
            }
            if (stop.reason === 'event') {
                const exception = this.exceptionStop(stop);
                if (exception) return this.stopped(exception);
                // a step that raised an event returns before the predicate sees it: its write is checked here
                const data = this.watches.any && this.watches.changed() ? watched(stop.vcpu) : undefined;
                if (data) return this.stopped(data);
                continue;
            }
            if (stop.reason === 'predicate') {
                const data = watched(stop.vcpu);
                if (data) return this.stopped(data);
            }
            if (stop.reason === 'predicate' && mode.kind !== 'continue' && stepPredicate) {
                const v = this.sim.state.vcpus[mode.vcpu];
                if (v.done) {
                    // the stepping vCPU finished: the others run on
                    mode = { kind: 'continue' };
                    predicate = this.watches.any ? () => this.watches.changed() : undefined;
                    continue;
                }
                return this.stopped({ reason: 'step', vcpu: mode.vcpu, description: describeStep(this.sim, mode.vcpu, mode.depth) });
            }
            if (performance.now() - sliceStart >= SLICE_MS) {
                await yieldToEventLoop();
                sliceStart = performance.now();
            }
        }
    }

    /**
     * `sim.step(vcpu)`: the canonical order runs until `vcpu` has executed one instruction — other
     * vCPUs' first, possibly a whole chunk of them. With data breakpoints set each of those
     * instructions is checked, so a write by another vCPU on the way stops there, on its writer.
     */
    private stepWatching(vcpu: number): { stop: RunStop; writer?: number } {
        if (!this.watches.any) return { stop: this.sim.step(vcpu) };
        const v = this.sim.state.vcpus[vcpu];
        // bounded like sim.step: every instruction brings the vCPU's turn nearer (lockstep chunks)
        while (!this.sim.finished && !v.done) {
            const before = this.sim.state.steps;
            const stop = this.sim.stepInstruction();
            if (stop.reason === 'end') return { stop };
            const ran = this.sim.state.steps > before ? stop.vcpu : undefined;
            if (ran !== undefined && this.watches.changed()) return { stop: { reason: 'step', vcpu: ran }, writer: ran };
            if (ran === vcpu) return { stop: { reason: 'step', vcpu, event: this.sim.machine.stopEvent } };
        }
        return { stop: { reason: 'end', vcpu } };
    }

    /** Asks a running continue / step to stop at the next slice boundary. */
    pause(): void {
        if (this.running) this.pauseRequested = true;
    }

    terminate(): void {
        this.terminated = true;
        this.pauseRequested = true;
    }

    /** The user changed a register: history before now would replay without the change. */
    edited(): void {
        this.watches.rebase();
        this.history.reset(this.sim);
        this.lastSnapshotSteps = this.sim.state.steps;
        this.stoppedAt = this.sim.state.steps;
    }

    // ------------------------------------------------------------------ time travel

    /** Restores the state after exactly `target` steps (target ≥ the history's start). */
    private async goTo(target: number): Promise<void> {
        const entry = this.history.nearest(target);
        this.replaying = true;
        try {
            const now = this.sim.state.steps;
            // replay from the present when it lies between the snapshot and the target
            if (!(now >= entry.steps && now <= target)) this.sim.restore(entry.snapshot);
            let sliceStart = performance.now();
            while (this.sim.state.steps < target && !this.sim.finished) {
                this.sim.runUntil({ maxSteps: Math.min(5_000_000, target - this.sim.state.steps) });
                if (performance.now() - sliceStart >= SLICE_MS) {
                    await yieldToEventLoop();
                    sliceStart = performance.now();
                }
            }
        } finally {
            this.replaying = false;
            this.lastSnapshotSteps = this.sim.state.steps;
        }
    }

    /** A pause during a backwards search: back to where it started (the search is not a place to stop at). */
    private async abandonReverse(now: number, vcpu: number): Promise<Outcome> {
        this.pauseRequested = false;
        await this.goTo(now);
        return this.stopped({ reason: 'pause', vcpu, description: `paused: the backwards search stopped; still at step ${now}` });
    }

    /** Goes back to just before the last instruction `vcpu` executed (in any layer). */
    async stepBack(vcpu: number): Promise<Outcome> {
        this.begin();
        try {
            const now = this.sim.state.steps;
            const start = this.history.start;
            const v = this.sim.state.vcpus[vcpu];
            const depthAfter = v?.frames.length ?? 0;
            // look back in growing windows: usually the vCPU's last instruction is the step just before
            for (let window = 1; ; window *= 32) {
                if (this.pauseRequested || this.terminated) return await this.abandonReverse(now, vcpu);
                const from = Math.max(start, now - window);
                await this.goTo(from);
                // the landing point is within the window: a snapshot here bounds the replay to it
                this.history.record(this.sim);
                let last = -1;
                this.replaying = true;
                try {
                    let sliceStart = performance.now();
                    while (this.sim.state.steps < now && !this.sim.finished) {
                        const before = this.sim.state.steps;
                        const r = this.sim.stepInstruction();
                        if (r.vcpu === vcpu && this.sim.state.steps > before) last = before;
                        if (performance.now() - sliceStart >= SLICE_MS) {
                            await yieldToEventLoop();
                            sliceStart = performance.now();
                        }
                    }
                } finally {
                    this.replaying = false;
                }
                if (last >= 0) {
                    await this.goTo(last);
                    const back = this.sim.state.vcpus[vcpu];
                    const f = back.frames[back.frames.length - 1];
                    const returned = back.frames.length < depthAfter ? ` (back out of ${v.frames[depthAfter - 1]?.name ?? 'a layer'})` : '';
                    return this.stopped({ reason: 'step', vcpu, description: `stepped back to step ${last}: ${describeWhere(f)}${returned}` });
                }
                if (from <= start) {
                    await this.goTo(start);
                    return this.stopped({ reason: 'step', vcpu, description: start === 0 ? 'at the start of the simulation' : `at the earliest point kept (step ${start}, where a register was changed)` });
                }
            }
        } finally {
            this.running = false;
        }
    }

    /**
     * Runs backwards to the latest earlier point where a breakpoint or an exception filter would
     * have stopped, or where a data breakpoint's value was written: there it stops just before
     * the writing instruction (the value still the old one; stepping in writes it), as a
     * debugger going backwards crosses the change.
     */
    async reverseContinue(): Promise<Outcome> {
        this.begin();
        try {
            const now = this.sim.state.steps;
            let segmentEnd = now;
            const watching = this.watches.any;
            // data breakpoints: every step is checked (single steps), like a forward continue with them
            if (watching) this.slice = Math.min(this.slice, 20_000);
            for (const entry of this.history.before(now)) {
                if (this.pauseRequested || this.terminated) return await this.abandonReverse(now, this.currentVcpu());
                // replay this segment forwards, remembering every stop in it
                let last: { steps: number; stop: StopInfo } | undefined;
                this.sim.restore(entry.snapshot);
                // the step count before the instruction last executed: where a write was about to happen
                let before = this.sim.state.steps;
                const written = (writer: number | undefined): void => {
                    const hit = this.watches.take(writer);
                    if (hit) last = { steps: before, stop: { reason: 'data breakpoint', vcpu: hit.vcpu, description: `${hit.description} (written by the next instruction)`, breakpointIds: hit.ids } };
                };
                let predicate: ((sim: Simulation) => boolean) | undefined;
                if (watching) {
                    // watched values are compared with those at the segment's start
                    this.watches.rebase();
                    predicate = (sim) => {
                        if (this.watches.changed()) return true;
                        before = sim.state.steps;
                        return false;
                    };
                }
                this.replaying = true;
                try {
                    let sliceStart = performance.now();
                    while (this.sim.state.steps < segmentEnd && !this.sim.finished) {
                        if (this.pauseRequested || this.terminated) {
                            this.replaying = false;
                            return await this.abandonReverse(now, this.currentVcpu());
                        }
                        const stop = this.runSlice({ predicate, maxSteps: segmentEnd - this.sim.state.steps });
                        if (stop.reason === 'predicate') written(stop.vcpu);
                        else if (watching && this.watches.changed()) {
                            // a step that raised an event returns before the predicate sees it
                            written(stop.vcpu);
                        }
                        if (watching) before = this.sim.state.steps;
                        const failure = this.takeInjected();
                        if (failure && this.sim.state.steps < now) last = { steps: this.sim.state.steps, stop: failure };
                        if (stop.reason === 'breakpoint') {
                            const hit = this.breakpointHit(stop.vcpu!);
                            if (hit) last = { steps: this.sim.state.steps, stop: this.breakpointStop(stop.vcpu!, hit) };
                        } else if (stop.reason === 'event' && this.sim.state.steps < now) {
                            const exception = this.exceptionStop(stop);
                            if (exception) last = { steps: this.sim.state.steps, stop: exception };
                        } else if (stop.reason === 'end') break;
                        if (performance.now() - sliceStart >= SLICE_MS) {
                            await yieldToEventLoop();
                            sliceStart = performance.now();
                        }
                    }
                } finally {
                    this.replaying = false;
                }
                if (last) {
                    await this.goTo(last.steps);
                    last.stop.description = `reverse: ${last.stop.description}`;
                    return this.stopped(last.stop);
                }
                segmentEnd = entry.steps;
            }
            await this.goTo(this.history.start);
            return this.stopped({ reason: 'entry', vcpu: this.currentVcpu(), description: 'no earlier breakpoint: back at the start' });
        } finally {
            this.running = false;
        }
    }

    /** After an internal error: stop where the simulation is, saying so (the user can still inspect or end). */
    failed(message: string): Outcome {
        this.running = false;
        return this.stopped({ reason: 'pause', vcpu: this.currentVcpu(), description: `stopped by a debugger error: ${message}` });
    }

    /** Whether any vCPU has an instruction to run (else launching just ends). */
    get hasWork(): boolean {
        return !this.sim.finished && this.sim.state.vcpus.some((v) => !v.done);
    }

    /** Marks the present as a stop (launch with stopOnEntry). */
    entry(): Outcome {
        const vcpu = this.sim.state.vcpus.find((v) => !v.done)?.id ?? 0;
        const v = this.sim.state.vcpus[vcpu];
        const f = v?.frames[v.frames.length - 1];
        return this.stopped({ reason: 'entry', vcpu, description: f ? `entry: ${v.name} at ${describeWhere(f)}` : 'entry' });
    }
}

function describeWhere(f: { name: string; pc: number; code?: { instrs: { loc: { file: string; line: number } }[] } }): string {
    const ins = f.code?.instrs[Math.min(f.pc, f.code.instrs.length - 1)];
    return ins ? `${f.name} (${nodePath.basename(ins.loc.file)}:${ins.loc.line})` : f.name;
}
