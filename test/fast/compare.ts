// Runs one workspace under both engines and compares everything observable: the result
// (console, status, exits, cycles by layer, instructions, timeline) and the whole machine state
// (every frame's registers, flags, pc, call stack and parameters, every memory page, every
// device instance (serial input read, a disk's contents), the translation cache, pCPU clocks, scheduler queues, the canonical step counter).
import { isDeepStrictEqual } from 'node:util';
import { checkWorkspace, diagnosticsOf, type CheckedWorkspace } from '../../language/workspace.js';
import { Simulation, type RunStop, type StopKind } from '../../simulator/engine.js';
import type { EngineName } from '../../simulator/executor.js';
import { FastExecutor } from '../../simulator/fast/executor.js';
import type { SparseMemory } from '../../simulator/memory.js';
import type { Frame, SimState } from '../../simulator/state.js';

export interface Source {
    path: string;
    text: string;
}

export async function workspaceOf(files: Source[]): Promise<CheckedWorkspace> {
    return checkWorkspace(files);
}

export function errorsOf(workspace: CheckedWorkspace): string[] {
    return workspace.documents.flatMap((d) => diagnosticsOf(d).filter((x) => x.severity === 1).map((x) => `${d.uri.path}:${x.range.start.line + 1}: ${x.code} ${x.message}`));
}

/** A plain-data image of the whole mutable state (no Code objects: they are shared). */
export function digest(s: SimState): unknown {
    return {
        steps: s.steps,
        current: s.current,
        // after the end, the last chunk's end only tells how the run got there: a pCPU that ran
        // ahead finishes the 10,000-cycle chunk it was in where lockstep gives a lone pCPU its
        // whole slice (examples/tutorial/03-techniques.vmdef halts in such a chunk)
        chunkEnd: s.finished ? 'finished' : s.chunkEnd,
        finished: s.finished,
        nextEvent: s.nextEvent,
        timeline: s.timeline,
        pcpus: s.pcpus.map((p) => [p.time, p.vcpu, p.sliceEnd, p.runStart]),
        hosts: s.hosts.map((h) => ({ ready: h.ready, touched: h.touchedPages, failedAt: h.failedAt, memory: pages(h.memory) })),
        vcpus: s.vcpus.map((v) => ({
            done: v.done, pcpu: v.pcpu, readySince: v.readySince, vruntime: v.vruntime, ran: v.ran,
            iflag: v.iflag, idt: v.idt, cr3: v.cr3, yielded: v.yielded, paging: v.paging, tlb: [...v.tlb.entries], tlbPcpu: v.tlb.pcpu,
            irq: { ...v.irq }, irqAt: v.irqAt, wakeAt: v.wakeAt, idtCode: v.idtCode?.id,
            frames: v.frames.map(frameDigest),
            // several programs on the vCPU (simulator/machine/processes.ts): the waiting ones' frames too
            procs: v.procs && {
                current: v.procs.current, switches: v.procs.switches, entryRoot: v.procs.entryRoot,
                list: v.procs.list.map((p) => ({ name: p.name, root: p.root, dead: p.dead, frames: p.frames.map(frameDigest) })),
            },
        })),
        vms: s.vms.map((vm) => ({
            status: vm.status, console: vm.console, instructions: vm.instructions, cycles: [...vm.cycles],
            exits: vm.exits, hypercalls: vm.hypercalls, fidelity: vm.fidelityViolations, stop: vm.stop,
            swapped: vm.swappedPages, translations: vm.translations, mem: { ...vm.mem }, shadow: [[...vm.shadow.roots].map(([r, filled]) => [r, [...filled]]), [...vm.shadow.tables]],
            interrupts: vm.interrupts, faults: vm.faults,
            translated: [...vm.translated].map(([k, b]) => [k, [...b]]),
            memory: pages(vm.memory),
            // each device as this VM sees it: serial input read, counts, a disk's contents
            io: vm.io.map((d) => d && { ...d, media: pages(d.media) }),
        })),
    };
}

function frameDigest(f: Frame): unknown {
    return {
        kind: f.kind, name: f.name, code: f.code?.id, layer: f.layer, user: f.user, pc: f.pc,
        regs: [...f.regs], zf: f.zf, sf: f.sf, calls: f.calls, pk: f.pk, pv: f.pv, hw: f.hw, vector: f.vector, saved: f.saved, reason: f.reason,
    };
}

/** What a debugger pause shows, cheaply: the clocks, the step counter, every vCPU's frames. */
export function glance(s: SimState): unknown {
    return [s.steps, s.pcpus.map((p) => p.time), s.vcpus.map((v) => v.frames.map((f) => [f.name, f.pc, ...f.regs, f.zf, f.sf, f.calls.length]))];
}

/** Cheap check between calls: step counter, every pCPU clock and vCPU, every vCPU's top frame (pc, registers, flags, depth). */
function sameMoment(a: SimState, b: SimState): boolean {
    if (a.steps !== b.steps || a.current !== b.current) return false;
    for (let i = 0; i < a.pcpus.length; i++) if (a.pcpus[i].time !== b.pcpus[i].time || a.pcpus[i].vcpu !== b.pcpus[i].vcpu) return false;
    for (let i = 0; i < a.vcpus.length; i++) {
        const va = a.vcpus[i];
        const vb = b.vcpus[i];
        if (va.frames.length !== vb.frames.length || va.done !== vb.done || va.ran !== vb.ran || va.irqAt !== vb.irqAt || va.iflag !== vb.iflag) return false;
        const fa = va.frames[va.frames.length - 1];
        const fb = vb.frames[vb.frames.length - 1];
        if (!fa) continue;
        if (fa.pc !== fb.pc || fa.zf !== fb.zf || fa.sf !== fb.sf || fa.calls.length !== fb.calls.length) return false;
        for (let r = 0; r < 9; r++) if (fa.regs[r] !== fb.regs[r]) return false;
    }
    return true;
}

function pages(memory: SparseMemory): unknown {
    // sorted by page number: insertion order is part of nothing observable, contents are (and
    // not whether a page is kept dense or sparse: memory.ts)
    return [...memory.pageNumbers()].sort((a, b) => a - b).map((n) => {
        const words = memory.view(n)!;
        return [n, words.some((w) => w !== 0) ? [...words] : 0];
    });
}

export interface Outcome {
    /** Why each driving call returned, and the state digest after it. */
    trail: { stop: Pick<RunStop, 'reason' | 'vcpu'>; state: unknown }[];
    result: unknown;
    console: string[];
    error?: string;
}

export interface DriveOptions {
    maxCycles?: number;
    /** Drive in calls of this many steps (the debugger's and the CLI's budget); default: run(). */
    stepBudget?: number;
    /** Record the state after every call (costly; default true when stepBudget is set). */
    everyCall?: boolean;
    /** Also record every layer transition (what `vmdef run --trace` prints). */
    trace?: boolean;
    /** Pause on these events (the debugger's exception filters), recording each pause. */
    stopOn?: StopKind[];
}

/** Where the fast engine's instructions ran (FastExecutor.stats), summed over simulations. */
export type FastStats = FastExecutor['stats'];

export function fastStats(): FastStats {
    return { translated: 0, stepped: 0, exact: 0, regionCalls: 0, fused: 0, fusedEntries: 0, fusedTicks: 0, fusedOuts: 0, fusedEpts: 0 };
}

/** Adds the simulation's fast-engine statistics to `into`. */
function addStats(into: FastStats | undefined, sim: Simulation): void {
    if (!into || !(sim.executor instanceof FastExecutor)) return;
    for (const key of Object.keys(into) as (keyof FastStats)[]) into[key] += sim.executor.stats[key];
}

/** Runs the workspace to the end with one engine (adding the fast engine's statistics to `stats`). */
export function drive(workspace: CheckedWorkspace, engine: EngineName, options: DriveOptions = {}, stats?: FastStats): Outcome {
    const console: string[] = [];
    const outcome: Outcome = { trail: [], result: undefined, console };
    try {
        const sim = Simulation.create(workspace, {
            maxCycles: options.maxCycles, engine,
            listener: {
                console: (vm, text, time) => console.push(`${time} ${vm} ${text}`),
                stop: (e) => console.push(`stop ${e.time} ${e.kind} ${e.vm} ${e.message}`),
                ...(options.trace ? { transition: (t) => console.push(`${t.time} ${t.vcpu} ${t.direction} ${t.name}`) } : {}),
            },
        });
        if (options.stepBudget) {
            let calls = 0;
            while (!sim.finished) {
                const stop = sim.runUntil({ maxSteps: options.stepBudget, stopOn: options.stopOn });
                if (options.everyCall !== false) outcome.trail.push({ stop: { reason: stop.reason, vcpu: stop.vcpu }, state: glance(sim.state) });
                if (++calls > 1_000_000) throw new Error('did not finish');
            }
        } else sim.run();
        addStats(stats, sim);
        outcome.result = sim.result();
        outcome.trail.push({ stop: { reason: 'end' }, state: digest(sim.state) });
    } catch (e) {
        outcome.error = String(e);
    }
    return outcome;
}

/**
 * Drives both engines side by side in calls of `stepBudget` steps and compares after every
 * call (no trail kept: memory stays flat however many calls); then the results, consoles and
 * whole final states. Returns the first difference, or undefined.
 */
export function lockstep(workspace: CheckedWorkspace, options: DriveOptions & { stepBudget: number }, stats?: FastStats): string | undefined {
    const make = (engine: EngineName, out: string[]) => Simulation.create(workspace, {
        maxCycles: options.maxCycles, engine,
        listener: {
            console: (vm, text, time) => out.push(`${time} ${vm} ${text}`),
            stop: (e) => out.push(`stop ${e.time} ${e.kind} ${e.vm} ${e.message}`),
        },
    });
    const outA: string[] = [];
    const outB: string[] = [];
    const a = make('exact', outA);
    const b = make('fast', outB);
    for (let call = 0; !a.finished || !b.finished; call++) {
        const sa = a.runUntil({ maxSteps: options.stepBudget });
        const sb = b.runUntil({ maxSteps: options.stepBudget });
        if (sa.reason !== sb.reason || sa.vcpu !== sb.vcpu || !sameMoment(a.state, b.state)) {
            return `after call ${call} of ${options.stepBudget} steps:\nexact ${JSON.stringify([sa, glance(a.state)])}\nfast  ${JSON.stringify([sb, glance(b.state)])}`;
        }
        if (call > 10_000_000) return 'did not finish';
    }
    addStats(stats, b);
    const fa = JSON.stringify([a.result(), digest(a.state), outA]);
    const fb = JSON.stringify([b.result(), digest(b.state), outB]);
    return fa === fb ? undefined : `final state differs:\nexact ${fa.slice(0, 2000)}\nfast  ${fb.slice(0, 2000)}`;
}

export function both(workspace: CheckedWorkspace, options: DriveOptions = {}, stats?: FastStats): { exact: Outcome; fast: Outcome } {
    return { exact: drive(workspace, 'exact', options), fast: drive(workspace, 'fast', options, stats) };
}

/**
 * Where the engines disagree when a cycle limit falls at each of `maxCycles`, and in lockstep
 * (up to 30,000 cycles) at each step budget: empty when they agree everywhere (fused paths must
 * leave the state a chunk, limit or budget boundary sees as the machine's steps would).
 */
export function boundaryDisagreements(workspace: CheckedWorkspace, maxCycles: number[], budgets: number[]): string[] {
    const found: string[] = [];
    for (const cycles of maxCycles) {
        const r = both(workspace, { maxCycles: cycles });
        if (!isDeepStrictEqual(r.fast, r.exact)) found.push(`maxCycles ${cycles}`);
    }
    for (const stepBudget of budgets) {
        const d = lockstep(workspace, { stepBudget, maxCycles: 30_000 });
        if (d !== undefined) found.push(`budget ${stepBudget}: ${d}`);
    }
    return found;
}
