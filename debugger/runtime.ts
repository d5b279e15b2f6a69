// The debug runtime: drives one Simulation for a debugger and knows nothing of DAP (the
// session in session.ts translates). Every way of moving — continue, step in / over / out,
// step back, reverse continue — is an async loop of bounded slices that yields to the event
// loop between them (slices.ts), so a pause request is always heard and a guest that never
// ends never blocks the adapter. Time travel restores the nearest snapshot and replays the
// exact number of steps (the engine is deterministic; see history.ts). What the user sees and
// names in a stopped frame goes through the runtime too (inspect.ts, evaluate.ts): the
// session never touches the simulation.
import type { RunStop, Simulation } from '../simulator/engine.js';
import { isBootFrame } from '../simulator/boot.js';
import type { SourceLocation } from '../simulator/result.js';
import { describeStep, describeWhere, frameLabel } from './describe.js';
import { RuntimeDriver, type Predicate, type RuntimeOutput } from './driver.js';
import { Evaluator, type Evaluation, type Refusal, type WatchTarget } from './evaluate.js';
import type { Value } from './expression.js';
import { frameAt, type ScopeName, type VarNode } from './inspect.js';
import type { NativeComparison } from './native-comparison.js';
import { debuggerMessages as m } from './messages.js';
import { inSlices } from './slices.js';
import { MemoryView, type MemoryRead } from './machine-code/memory.js';
import { Disassembler, type DisassembledRow } from './machine-code/disassembly.js';
import { instructionAddress } from './machine-code/instruction-address.js';
import { complete, type Completion } from './machine-code/completions.js';
import { stepInTargets, type StepTarget } from './machine-code/step-targets.js';
import type { FrameKind } from '../simulator/state.js';
import { machineCodeMessages as mc } from './machine-code/messages.js';
import { frames } from './views.js';
import { breakpointStop, type Outcome, type StopInfo } from './stops.js';

export type { RuntimeOutput } from './driver.js';
export { EXCEPTION_FILTERS, type ExceptionFilter, type Outcome, type StopInfo, type StopReason } from './stops.js';
export { LaunchError, launchFiles, loadSimulation, type LaunchOptions, type SourceReader } from './launch.js';

/** A request the runtime will not carry out, with the reason for the user (the session goes on). */
export class RefusedRequest extends Error {}

/** One entry of a vCPU's call stack; `label` marks a line that is no frame (an idle vCPU's). */
export interface StackEntry {
    name: string;
    location?: SourceLocation;
    label?: boolean;
    /** The address of the instruction it is about to run (the Disassembly view's), for a frame of code. */
    instruction?: number;
}

type Mode =
    | { kind: 'continue' }
    // the OSes' `boot { }` (kernel set-up) up to the programs' first instructions: the entry stop
    | { kind: 'boot' }
    | { kind: 'next' | 'stepOut'; vcpu: number; depth: number; calls: number }
    /** Step in to the first frame of `layer` (a step-in target), or back where it began. */
    | { kind: 'stepInto'; vcpu: number; depth: number; calls: number; layer: FrameKind };
/** The modes that step one vCPU. */
type Stepping = Extract<Mode, { vcpu: number }>;
const isStepping = (mode: Mode): mode is Stepping => 'vcpu' in mode;

/**
 * The vCPU an entry stop shows (the first with work to do) has left its OS's `boot { }`. Only that
 * one: other VMs boot when their turn comes, and waiting for all of them would let this vCPU run
 * past its program's first instruction (their boot code stays debuggable: breakpoints stop there).
 */
const booted: Predicate = (sim) => {
    const v = sim.state.vcpus.find((c) => !c.done);
    return !v || !v.frames.some(isBootFrame);
};

export class DebugRuntime extends RuntimeDriver {
    private readonly evaluator: Evaluator;
    private readonly memoryView: MemoryView;
    private readonly disassembler: Disassembler;
    /** The vCPUs with nothing to run from the start (no program): idle for the whole run. */
    private readonly idle: Set<number>;
    /** `compareWith: "native"`: where each VM diverges from native (continue stops there). */
    comparison: NativeComparison | undefined;

    constructor(sim: Simulation, output: RuntimeOutput, trace = false) {
        super(sim, output, trace);
        this.evaluator = new Evaluator(sim, this.inspector);
        this.memoryView = new MemoryView(sim);
        this.disassembler = new Disassembler(sim);
        this.idle = new Set(sim.state.vcpus.filter((v) => v.done).map((v) => v.id));
    }

    /** After a restart: the previous session's breakpoints and data breakpoints. */
    adopt(previous: DebugRuntime): void {
        this.breakpoints.adopt(previous.breakpoints);
        this.watches.adopt(previous.watches);
    }

    // ------------------------------------------------------------------ what there is to see

    /** `web on hv (type1, full), ...`: what a launch loaded. */
    get machineSummary(): string {
        return this.sim.model.vms.map((vm) => m.vmOn(vm.name, vm.host.name, vm.host.kind, vm.host.technique)).join(', ') || m.noVms();
    }

    get vcpuCount(): number {
        return this.sim.state.vcpus.length;
    }

    /** The vCPUs (the threads): `web/vcpu0`. */
    threads(): { id: number; name: string }[] {
        return this.sim.state.vcpus.map((v) => ({ id: v.id, name: v.name }));
    }

    /**
     * The call stack of a vCPU, innermost first. A vCPU with no frame says why: it has no
     * program (`no program: idle`) or its program ended.
     */
    frames(vcpu: number): StackEntry[] {
        const v = this.sim.state.vcpus[vcpu];
        if (!v) return [];
        if (v.frames.length > 0) {
            const stack: StackEntry[] = frames(this.sim, vcpu).map((f) => ({
                name: frameLabel(f.name), location: f.location, ...(f.code !== undefined ? { instruction: instructionAddress({ code: f.code, pc: f.pc }) } : {}),
            }));
            return stack;
        }
        return [{ name: this.idle.has(vcpu) ? m.idleNoProgram() : m.idleEnded(this.programOf(vcpu)), label: true }];
    }

    private programOf(vcpu: number): string {
        const v = this.sim.state.vcpus[vcpu];
        // several programs (processes): the one that ran last
        if (v.procs) return v.procs.list[v.procs.current].name;
        return this.sim.model.vms[v.vm].programs[v.index]?.name ?? m.itsProgram();
    }

    variables(scope: ScopeName, vcpu: number, frame: number): VarNode[] {
        return this.inspector.variables(scope, vcpu, frame);
    }

    evaluate(vcpu: number, frame: number, expression: string): Evaluation | Refusal {
        return this.evaluator.evaluate(vcpu, frame, expression);
    }

    /** setVariable: a register or flag of a frame. */
    setRegister(vcpu: number, frame: number, name: string, value: string): { value: Value } | Refusal {
        if (this.running) return { error: m.pauseBeforeRegister() };
        return this.edited(this.inspector.setRegister(vcpu, frame, name, value));
    }

    /** setExpression: what an expression names (a register, a flag, a memory word). */
    setExpression(vcpu: number, frame: number, expression: string, value: string): { value: Value } | Refusal {
        if (this.running) return { error: m.pauseBeforeValue() };
        return this.edited(this.evaluator.assign(vcpu, frame, expression, value));
    }

    /** readMemory: bytes of a VM's or hypervisor's memory (machine-code/memory.ts). */
    readMemory(reference: string, offset: number, count: number): MemoryRead | Refusal {
        return this.memoryView.read(reference, offset, count);
    }

    /** writeMemory: bytes into pages already in use; watches and history start again from the edit. */
    writeMemory(reference: string, offset: number, bytes: Uint8Array, allowPartial: boolean): { written: number } | Refusal {
        if (this.running) return { error: mc.pauseBeforeMemory() };
        return this.edited(this.memoryView.write(reference, offset, bytes, allowPartial));
    }

    /** disassemble: the guest code around an instruction, with what the translator made of it. */
    disassemble(reference: string, offset: number, instructionOffset: number, count: number): DisassembledRow[] | Refusal {
        return this.disassembler.disassemble(reference, offset, instructionOffset, count);
    }

    /** The Debug Console's completions of the word before `cursor` (0-based) in a frame. */
    completions(vcpu: number, frame: number, text: string, cursor: number): Completion[] {
        return complete(this.inspector, vcpu, frame, text, cursor);
    }

    /** Every file that holds code of this simulation: the user's, then the standard library's it uses. */
    codeFiles(): string[] {
        return [...new Set(this.sim.codes.map((c) => c.file))];
    }

    /** What a data breakpoint on a register of a frame's Registers scope watches. */
    watchRegister(vcpu: number, frame: number, name: string): WatchTarget | Refusal {
        return this.evaluator.watchRegister(vcpu, frame, name);
    }

    /** What a data breakpoint on an expression (`r1`, `[r2 + 4]`) or an address watches. */
    watchTarget(vcpu: number, frame: number, text: string, options: { asAddress?: boolean; bytes?: number; inGuestMemory?: boolean }): WatchTarget | Refusal {
        return this.evaluator.watchTarget(vcpu, frame, text, options);
    }

    // ------------------------------------------------------------------ moving forward

    /**
     * A vCPU a step can move, or a RefusedRequest saying why not: with no program (idle) or its
     * program ended, it has no next instruction, and stepping it must not run everything away.
     */
    private steppable(vcpu: number, backwards = false): void {
        const v = this.sim.state.vcpus[vcpu];
        if (!v) throw new RefusedRequest(m.noVcpu(vcpu));
        if (this.idle.has(vcpu)) throw new RefusedRequest(m.idleNoStep(v.name));
        if (v.done && !backwards) throw new RefusedRequest(m.endedNoStep(v.name, this.programOf(vcpu)));
    }

    /** Runs until a breakpoint, an exception filter, a pause or the end. */
    continue(): Promise<Outcome> {
        return this.moving(() => this.forward({ kind: 'continue' }));
    }

    /** Where a step in may stop at the current instruction of `vcpu` (a syscall: its kernel or the hypervisor). */
    stepInTargets(vcpu: number): StepTarget[] {
        return stepInTargets(this.sim, vcpu);
    }

    /**
     * Runs one instruction of `vcpu` (entering a layer is one instruction: a syscall, trap, VM
     * exit, hw command); with a target of stepInTargets, on until that layer is entered.
     */
    stepIn(vcpu: number, targetId?: number): Promise<Outcome> {
        this.steppable(vcpu);
        const target = targetId === undefined ? undefined : this.stepInTargets(vcpu).find((t) => t.id === targetId);
        if (target && target.layer !== 'kernel') {
            const v = this.sim.state.vcpus[vcpu];
            const calls = v.frames[v.frames.length - 1].calls.length;
            return this.moving(() => this.forward({ kind: 'stepInto', vcpu, depth: v.frames.length, calls, layer: target.layer }));
        }
        return this.moving(async () => {
            const depth = this.sim.state.vcpus[vcpu].frames.length;
            this.exceptions.clear();
            this.memoryWork.watch(vcpu);
            const stop = this.sim.step(vcpu);
            const work = this.memoryWork.stepped(vcpu);
            // a fault, fidelity violation or host failure is an exception even when single-stepping
            const exception = stop.event && stop.event.kind !== 'breakpoint' ? this.exceptionStop(stop) : undefined;
            if (exception) return this.stopped(exception);
            if (this.sim.finished) return this.ended();
            // the vCPU ended: the others run on
            if (stop.reason === 'end') return this.forward({ kind: 'continue' });
            const step = describeStep(this.sim, vcpu, depth);
            // into a paging handler of the monitor (memory/work.ts): what it is about to do; else
            // the memory work the step did comes first
            const top = this.sim.state.vcpus[vcpu].frames.at(-1);
            const description = work && top?.pagingWork !== undefined ? work : work ? `${work}; ${step}` : step;
            return this.stopped({ reason: 'step', vcpu, description });
        });
    }

    /** Step over: runs the whole translation of the instruction and stops at the next one of the same layer. */
    next(vcpu: number): Promise<Outcome> {
        this.steppable(vcpu);
        const v = this.sim.state.vcpus[vcpu];
        const top = v.frames[v.frames.length - 1];
        return this.moving(() => this.forward({ kind: 'next', vcpu, depth: v.frames.length, calls: top.calls.length }));
    }

    /** Runs until the current layer (or `call`ed subroutine) returns to the one above it. */
    stepOut(vcpu: number): Promise<Outcome> {
        this.steppable(vcpu);
        const v = this.sim.state.vcpus[vcpu];
        const top = v.frames[v.frames.length - 1];
        const mode: Mode = v.frames.length === 1 && top.calls.length === 0 ? { kind: 'continue' } : { kind: 'stepOut', vcpu, depth: v.frames.length, calls: top.calls.length };
        return this.moving(() => this.forward(mode));
    }

    /**
     * The stepping condition of `next` (back at this layer, same call depth or shallower, after
     * at least one instruction) and `stepOut` (this layer or subroutine returned).
     */
    private stepDone(mode: Stepping): Predicate {
        const { vcpu, depth, calls } = mode;
        const out = mode.kind === 'stepOut';
        const into = mode.kind === 'stepInto' ? mode.layer : undefined;
        return (sim) => {
            const v = sim.state.vcpus[vcpu];
            if (v.done) return true;
            const d = v.frames.length;
            if (into && d > depth) return v.frames[d - 1].kind === into;
            if (d !== depth) return d < depth;
            const c = v.frames[d - 1].calls.length;
            return out ? c < calls : c <= calls;
        };
    }

    /** The forward loop; the caller holds `running`. */
    private async forward(mode: Mode): Promise<Outcome> {
        const resumedAt = this.stoppedAt;
        let predicate: Predicate | undefined = mode.kind === 'boot' ? booted : undefined;
        if (isStepping(mode)) {
            predicate = this.stepDone(mode);
            // the first instruction of the stepping vCPU runs unconditionally (it may sit on a breakpoint)
            this.exceptions.clear();
            const { stop: first, writer } = this.stepWatching(mode.vcpu);
            if (this.sim.finished) return this.ended();
            const exception = this.exceptionStop(first);
            if (exception) return this.stopped(exception);
            const data = writer !== undefined ? this.watched(writer) : undefined;
            if (data) return this.stopped(data);
            if (first.reason === 'end' || this.sim.state.vcpus[mode.vcpu].done) {
                mode = { kind: 'continue' };
                predicate = undefined;
            } else if (predicate(this.sim)) {
                return this.stopped({ reason: 'step', vcpu: mode.vcpu, description: describeStep(this.sim, mode.vcpu, mode.depth) });
            }
        }
        // data breakpoints are checked after every step, with the stepping condition if any
        this.comparison?.resumed();
        const comparison = this.comparison?.active ? this.comparison : undefined;
        const withWatches = (stepping: Predicate | undefined): Predicate | undefined =>
            this.watches.any || comparison
                ? (sim) => (this.watches.any && this.watches.changed()) || (comparison !== undefined && comparison.reached(sim)) || (stepping !== undefined && stepping(sim))
                : stepping;
        predicate = withWatches(predicate);
        // a predicate is checked after every single step: start with small slices
        if (predicate) this.slice = Math.min(this.slice, 20_000);
        return inSlices(() => {
            if (this.terminated) return this.ended();
            if (this.pauseRequested) {
                this.pauseRequested = false;
                const vcpu = isStepping(mode) ? mode.vcpu : this.currentVcpu();
                return this.stopped({ reason: 'pause', vcpu, description: m.pausedAt(this.sim.state.steps, this.sim.time) });
            }
            const stop = this.runSlice({ predicate });
            const failure = this.exceptions.takeInjected();
            if (failure) return this.stopped(failure);
            if (stop.reason === 'end' || this.sim.finished) return this.ended();
            if (stop.reason === 'breakpoint') {
                // the breakpoint the user is already stopped at (after time travel): pass it
                if (this.sim.state.steps === resumedAt) return undefined;
                const hit = this.breakpointHit(stop.vcpu!);
                return hit ? this.stopped(breakpointStop(stop.vcpu!, hit)) : undefined;
            }
            if (stop.reason === 'event') {
                const exception = this.exceptionStop(stop);
                if (exception) return this.stopped(exception);
                // a step that raised an event returns before the predicate sees it: its write is checked here
                const data = this.watches.any && this.watches.changed() ? this.watched(stop.vcpu) : undefined;
                return data ? this.stopped(data) : undefined;
            }
            if (stop.reason !== 'predicate') return undefined;
            const divergence = comparison?.take();
            if (divergence) return this.stopped(divergence);
            const data = this.watched(stop.vcpu);
            if (data) return this.stopped(data);
            if (mode.kind === 'continue') return undefined;
            if (mode.kind === 'boot') {
                if (!booted(this.sim)) return undefined;
                return this.sim.state.vcpus.some((v) => !v.done) ? this.entryStop() : this.ended();
            }
            if (this.sim.state.vcpus[mode.vcpu].done) {
                // the stepping vCPU finished: the others run on
                mode = { kind: 'continue' };
                predicate = withWatches(undefined);
                return undefined;
            }
            return this.stopped({ reason: 'step', vcpu: mode.vcpu, description: describeStep(this.sim, mode.vcpu, mode.depth) });
        });
    }

    /**
     * `sim.step(vcpu)`: the canonical order runs until `vcpu` has executed one instruction -- other
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

    // ------------------------------------------------------------------ time travel

    /** Goes back to just before the last instruction `vcpu` executed (in any layer). */
    stepBack(vcpu: number): Promise<Outcome> {
        this.steppable(vcpu, true);
        return this.moving(async () => {
            const now = this.sim.state.steps;
            const v = this.sim.state.vcpus[vcpu];
            const depthAfter = v.frames.length;
            // usually the vCPU's last instruction is the step just before: a first window of 1
            let last = -1;
            const found = await this.lookBack(now, 1, () => {
                const before = this.sim.state.steps;
                const r = this.sim.stepInstruction();
                if (r.vcpu === vcpu && this.sim.state.steps > before) last = before;
            }, () => last);
            if (found === 'paused') return this.abandonReverse(now, vcpu);
            if (found === 'start') {
                const start = this.history.start;
                await this.goTo(start);
                return this.stopped({ reason: 'step', vcpu, description: start === 0 ? m.atStart() : m.atEarliest(start) });
            }
            await this.goTo(found);
            const back = this.sim.state.vcpus[vcpu];
            const f = back.frames[back.frames.length - 1];
            const left = v.frames[depthAfter - 1];
            const returned = back.frames.length < depthAfter ? m.backOutOf(left ? frameLabel(left.name) : m.aLayer()) : '';
            return this.stopped({ reason: 'step', vcpu, description: m.steppedBack(found, describeWhere(f)) + returned });
        });
    }

    /**
     * Looks back from `now` in growing windows (the first `firstWindow` steps, then 32 times more
     * each time): from each window's start, replays to `now` calling `stepOne` (which runs one
     * instruction and notes what it looks for) and answers `found()` once that is a step count,
     * 'start' when even the history's start holds none, 'paused' on a pause.
     */
    private async lookBack(now: number, firstWindow: number, stepOne: () => void, found: () => number): Promise<number | 'start' | 'paused'> {
        const start = this.history.start;
        for (let window = firstWindow; ; window *= 32) {
            if (this.pauseRequested || this.terminated) return 'paused';
            const from = Math.max(start, now - window);
            await this.goTo(from);
            // the landing point is within the window: a snapshot here bounds the replay to it
            this.history.record(this.sim);
            await this.replay(() => {
                if (this.sim.state.steps >= now || this.sim.finished) return true;
                stepOne();
                return undefined;
            });
            if (found() >= 0) return found();
            if (from <= start) return 'start';
        }
    }

    /**
     * DAP `restartFrame` on a handler frame (a hypervisor's trap, VM exit or hypercall handler, or
     * a host OS's): time travel back to the step that entered it -- the handler at its first
     * command, the translated or trapping guest instruction just done -- so it runs again from
     * its start. Other frames are refused: a guest or kernel frame has no single entry to go back
     * to (a program started at boot, a loop's iterations), and a hardware command is one step.
     */
    restartFrame(vcpu: number, frameIndex: number): Promise<Outcome> {
        this.steppable(vcpu);
        const v = this.sim.state.vcpus[vcpu];
        const target = frameAt(v, frameIndex);
        if (!target || (target.kind !== 'hypervisor' && target.kind !== 'host') || !target.code) {
            throw new RefusedRequest(m.restartFrameRefused(target ? frameLabel(target.name) : String(frameIndex)));
        }
        // the frame is the one at this depth now: its entry is the last time the vCPU got that deep
        const depth = v.frames.indexOf(target);
        return this.moving(async () => {
            const now = this.sim.state.steps;
            let entered = -1;
            const found = await this.lookBack(now, 32, () => {
                const shallow = this.sim.state.vcpus[vcpu].frames.length <= depth;
                this.sim.stepInstruction();
                if (shallow && this.sim.state.vcpus[vcpu].frames.length > depth) entered = this.sim.state.steps;
            }, () => entered);
            if (found === 'paused') return this.abandonReverse(now, vcpu);
            if (found === 'start') {
                await this.goTo(now);
                return this.stopped({ reason: 'pause', vcpu, description: m.restartFrameTooOld(frameLabel(target.name), this.history.start) });
            }
            await this.goTo(found);
            return this.stopped({ reason: 'restart', vcpu, description: m.restartedFrame(frameLabel(target.name), found) });
        });
    }

    /**
     * Runs backwards to the latest earlier point where a breakpoint or an exception filter would
     * have stopped, or where a data breakpoint's value was written: there it stops just before
     * the writing instruction (the value still the old one; stepping in writes it), as a
     * debugger going backwards crosses the change.
     */
    reverseContinue(): Promise<Outcome> {
        return this.moving(async () => {
            const now = this.sim.state.steps;
            const wasBooted = booted(this.sim);
            let segmentEnd = now;
            // data breakpoints: every step is checked (single steps), like a forward continue with them
            if (this.watches.any) this.slice = Math.min(this.slice, 20_000);
            for (const entry of this.history.before(now)) {
                if (this.pauseRequested || this.terminated) return this.abandonReverse(now, this.currentVcpu());
                // replay this segment forwards, remembering the last stop in it
                this.sim.restore(entry.snapshot);
                const last = await this.lastStopBefore(segmentEnd, now);
                if (last === 'abandoned') return this.abandonReverse(now, this.currentVcpu());
                if (last) {
                    await this.goTo(last.steps);
                    last.stop.description = m.reverse(last.stop.description);
                    return this.stopped(last.stop);
                }
                segmentEnd = entry.steps;
            }
            await this.backToStart(wasBooted, now);
            return this.stopped({ reason: 'entry', vcpu: this.currentVcpu(), description: m.noEarlierBreakpoint() });
        });
    }

    /**
     * "The start" of a reverse continue is where a launch stops on entry: the program's first
     * instruction, the OSes' `boot { }` already run (a breakpoint in the boot would have been
     * found before), unless the search began inside the boot itself.
     */
    private async backToStart(wasBooted: boolean, now: number): Promise<void> {
        await this.goTo(this.history.start);
        if (!wasBooted) return;
        await this.replay(() => {
            if (booted(this.sim) || this.sim.state.steps >= now || this.sim.finished) return true;
            this.sim.runUntil({ predicate: booted, maxSteps: Math.min(5_000_000, now - this.sim.state.steps) });
            return undefined;
        });
    }

    /**
     * Replays from the present (a restored snapshot) to `segmentEnd` and returns the last point
     * where going forwards would have stopped (before `now`), or 'abandoned' on a pause.
     */
    private async lastStopBefore(segmentEnd: number, now: number): Promise<{ steps: number; stop: StopInfo } | undefined | 'abandoned'> {
        let last: { steps: number; stop: StopInfo } | undefined;
        const watching = this.watches.any;
        // the step count before the instruction last executed: where a write was about to happen
        let before = this.sim.state.steps;
        const written = (writer: number | undefined): void => {
            const hit = this.watches.take(writer);
            if (hit) last = { steps: before, stop: { reason: 'data breakpoint', vcpu: hit.vcpu, description: m.writtenNext(hit.description), breakpointIds: hit.ids } };
        };
        let predicate: Predicate | undefined;
        if (watching) {
            // watched values are compared with those at the segment's start
            this.watches.rebase();
            predicate = (sim) => {
                if (this.watches.changed()) return true;
                before = sim.state.steps;
                return false;
            };
        }
        const end = await this.replay(() => {
            if (this.sim.state.steps >= segmentEnd || this.sim.finished) return 'segment end';
            if (this.pauseRequested || this.terminated) return 'abandoned';
            const stop = this.runSlice({ predicate, maxSteps: segmentEnd - this.sim.state.steps });
            // a step that raised an event returns before the predicate sees it
            if (stop.reason === 'predicate' || (watching && this.watches.changed())) written(stop.vcpu);
            if (watching) before = this.sim.state.steps;
            const failure = this.exceptions.takeInjected();
            if (failure && this.sim.state.steps < now) last = { steps: this.sim.state.steps, stop: failure };
            if (stop.reason === 'breakpoint') {
                const hit = this.breakpointHit(stop.vcpu!);
                if (hit) last = { steps: this.sim.state.steps, stop: breakpointStop(stop.vcpu!, hit) };
            } else if (stop.reason === 'event' && this.sim.state.steps < now) {
                const exception = this.exceptionStop(stop);
                if (exception) last = { steps: this.sim.state.steps, stop: exception };
            } else if (stop.reason === 'end') return 'segment end';
            return undefined;
        });
        return end === 'abandoned' ? end : last;
    }

    /** Whether any vCPU has an instruction to run (else launching just ends). */
    get hasWork(): boolean {
        return !this.sim.finished && this.sim.state.vcpus.some((v) => !v.done);
    }

    /**
     * The stop of a launch with stopOnEntry: at the first instruction of the program. An OS's
     * `boot { }` runs to completion first (kernel set-up: a breakpoint in it still stops there).
     */
    entry(): Promise<Outcome> {
        return this.moving(async () => (booted(this.sim) ? this.entryStop() : this.forward({ kind: 'boot' })));
    }

    private entryStop(): Outcome {
        const vcpu = this.sim.state.vcpus.find((v) => !v.done)?.id ?? 0;
        const v = this.sim.state.vcpus[vcpu];
        const f = v?.frames[v.frames.length - 1];
        return this.stopped({ reason: 'entry', vcpu, description: f ? m.entryAt(v.name, describeWhere(f)) : m.entry() });
    }
}
