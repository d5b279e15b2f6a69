// The simulation engine: a pure library (no I/O, no vscode) driven by the CLI, the debug adapter
// and the language server alike. See simulator/README.md for the API and its guarantees.
//
// Scheduling is discrete-event and deterministic. Every pCPU of every host has its own clock
// (host cycles). The engine repeatedly takes the busy pCPU with the smallest clock (ties: the
// lower global pCPU index) and lets its vCPU run one *chunk*: until the pCPU's clock reaches
// min(clock + CHUNK_CYCLES, end of the vCPU's time slice, the next fault-injection event,
// the cycle limit), or the vCPU halts, faults or yields. Stepping executes exactly the same
// sequence of instructions, one at a time, so running to the end and stepping agree.
// When only one pCPU in the whole simulation is busy, nothing else can run between its chunks
// (a vCPU waiting for it waits for the end of the slice, which still ends the chunk), so its
// chunk runs to the end of the slice: the same result, without a return to the scheduler every
// 10,000 cycles (the fast engine then keeps a trapping loop inside one translated region).
// With `runAhead` (a run to the end, `vmdef run`), a pCPU whose chunk ended may go on into its
// next chunks at once while it only runs its own VM's guest code (a VM of one vCPU: its
// registers, its pages, fused traps). Those steps touch nothing another pCPU reads, so they
// commute with the others' chunks; before anything else (a hardware command, a first touch of a
// page, a syscall, a slice end) it stops and keeps the start of the chunk it is in as its place
// in the order (`PcpuState.aheadStart`), so everything others can see happens in the same order
// as in lockstep, and the result is the same.
import type { AstNode } from 'langium';
import type { Handler, Os, Program, Statement } from '../language/generated/ast.js';
import { MONITOR_HANDLER, PRIVILEGED, REVEALING, SENSITIVE_UNPRIVILEGED, VMX_EXIT } from '../language/isa.js';
import { diagnosticsOf, hasErrors, isError, type CheckedWorkspace } from '../language/workspace.js';
import { compileBody, OP, REGISTER_NAMES, StringTable, type Code, type CodeKind, type CompileContext, type OpName } from './cpu/code.js';
import { Machine, userStackTop, type HostCode, type MachineListener, type StopEvent, type StopKind, type VmCode } from './machine.js';
import { ExactExecutor } from './cpu/interpreter.js';
import { FastExecutor } from './fast/executor.js';
import { buildModel, type HostModel, type MachineModel, type VmModel } from './model.js';
import { SimulationError } from './errors.js';
import { LAYERS, type SimulationResult, type SourceLocation, type VmResult } from './result.js';
import {
    Frame, HostState, L_GUEST, L_KERNEL, L_WAITING, PcpuState, PK_DEV, PK_STR, SimState, VcpuState, VmState, type FrameKind,
} from './state.js';

/** Runaway guests end with status `limit` after this many host cycles unless `maxCycles` says otherwise. */
export const DEFAULT_MAX_CYCLES = 1_000_000_000;
/** At most this many timeline slices are kept (the report downsamples anyway); `timelineTruncated` says so. */
export const MAX_TIMELINE = 200_000;
/** The lockstep granularity between pCPUs (see the top of this file). */
export const CHUNK_CYCLES = 10_000;

export interface SimulationOptions {
    /** Host cycles after which unfinished VMs stop with status `limit` (default DEFAULT_MAX_CYCLES). */
    maxCycles?: number;
    /** Runs a vCPU for a chunk; default: the exact interpreter. */
    executor?: Executor;
    /** Without `executor`: `exact` (the interpreter, default) or `fast` (guest blocks translated to JavaScript, simulator/fast/); same results. */
    engine?: 'exact' | 'fast';
    listener?: MachineListener;
    /** The cost preset of hypervisors that name none with `costs` (setting `vmdef.costPreset`). */
    costPreset?: string;
}

/**
 * Runs one vCPU on its pCPU (`sim.machine.cpu`) until the pCPU clock reaches `until`, the vCPU
 * stops running there (halt, fault, yield) or `budget` steps were executed; returns the steps
 * executed. An executor must honour `sim.breakpointsActive` / `sim.atBreakpoint(v)` and stop when
 * `sim.machine.stopEvent` is set and `sim.pauseOnStops` is on. The exact one steps `Machine.step`;
 * a faster one may run whole blocks but must produce the same state at chunk boundaries.
 * While `sim.ahead` is set it runs only guest frames (layer ≤ kernel) on the VM's own pages —
 * no `Machine.step`, no finished frame — and returns before anything else.
 */
export interface Executor {
    readonly name: string;
    run(sim: Simulation, v: VcpuState, until: number, budget: number): number;
}

export { SimulationError };

/** Privilege of each cost layer's code, as the debugger's Registers scope shows it. */
const PRIVILEGE = ['user', 'kernel', 'hypervisor', 'host'] as const;

/** One layer of a vCPU as the debugger shows it. */
export interface FrameInfo {
    kind: FrameKind;
    name: string;
    /** Source location of the instruction about to run (hardware frames: the `hw` command). */
    location?: SourceLocation;
    /** r0–r7, sp. */
    registers: Record<string, number>;
    pc: number;
    flags: { zf: boolean; sf: boolean };
    privilege: 'user' | 'kernel' | 'hypervisor' | 'host';
    /** Parameters of a syscall / handler / hardware command, as text (`com1`, `"liftoff\n"`, `3`). */
    params: Record<string, string>;
}

export interface VcpuInfo {
    id: number;
    /** `web/vcpu0`. */
    name: string;
    vm: string;
    hypervisor: string;
    index: number;
    done: boolean;
    pcpu?: number;
    /** What the hypervisor keeps for the vCPU: virtual interrupt flag, IDT base, CR3, cycles run. */
    iflag: boolean;
    idt: number;
    cr3: number;
    ran: number;
}

/** A host as the debugger's Hypervisor / Host scopes show it. */
export interface HostInfo {
    hypervisor: string;
    hardware: string;
    kind: 'type1' | 'type2';
    technique: string;
    /** pCPU map: which vCPU runs where, each pCPU's clock. */
    pcpus: { index: number; time: number; vcpu?: string }[];
    /** Runnable vCPUs waiting for a pCPU, in queue order. */
    ready: string[];
    touchedPages: number;
    usablePages: number;
    failedAt?: number;
}

/** Why `run`/`step` returned. */
export interface RunStop {
    reason: 'end' | 'breakpoint' | 'step' | 'predicate' | 'event' | 'budget';
    vcpu?: number;
    event?: StopEvent;
}

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
     * `runAhead`): the same result in less time, but a stop on the budget may find pCPUs further
     * apart than one chunk. Ignored with breakpoints, `stopOn` or a predicate.
     */
    runAhead?: boolean;
}

export interface Snapshot {
    readonly state: SimState;
}

interface FailEvent {
    time: number;
    kind: 'vm' | 'host';
    index: number;
}

export class Simulation {
    readonly model: MachineModel;
    readonly machine: Machine;
    readonly maxCycles: number;
    executor: Executor;
    state: SimState;
    readonly strings = new StringTable();
    readonly codes: Code[] = [];
    /** Set by `runUntil` for the executor. */
    breakpointsActive = false;
    pauseOnStops = false;
    /**
     * `runUntil`'s predicate while `checker` runs: the interpreter checks it after every step in
     * its own loop and sets `predicateHit` after the first step it holds for.
     */
    stepPredicate: ((sim: Simulation) => boolean) | undefined = undefined;
    predicateHit = false;
    /** Runs every step a predicate watches, whatever the executor (same semantics). */
    private readonly checker = new ExactExecutor();
    /** Set while a pCPU runs ahead (`runAhead`): the executor runs only the VM's private work. */
    ahead = false;
    /**
     * Running ahead, or in a chunk that may be followed by running ahead, a chunk may end inside a
     * fused trap (fast engine) when the next chunk, starting where lockstep would start it, ends
     * before `aheadLimit` (slice end, limit, next event; 0 otherwise: never); the executor then
     * sets `aheadBoundary` to that start. −1: no such boundary.
     */
    aheadLimit = 0;
    aheadBoundary = -1;
    /** Steps executed running ahead (tests and benchmarks look). */
    aheadSteps = 0;
    private readonly events: FailEvent[] = [];
    private readonly breakpointLines = new Map<string, Set<number>>();
    /** A vCPU that stopped at a breakpoint passes it once when resumed. */
    private passBreakpoint = -1;
    /** Time used for waiting accrual while processing an event outside any pCPU. */
    private eventTime: number | undefined;
    private lastVcpu = -1;

    /** Builds the machine from a checked workspace; a workspace with errors is refused. */
    static create(workspace: CheckedWorkspace, options: SimulationOptions = {}): Simulation {
        if (hasErrors(workspace.documents)) throw new SimulationError('the definition has errors; fix them before running');
        // a broken standard library would silently lose handlers or costs: refuse loudly
        for (const doc of workspace.stdlib) {
            const d = diagnosticsOf(doc).find(isError);
            if (d) throw new SimulationError(`standard library error at ${doc.uri.fsPath}:${d.range.start.line + 1}: ${d.message}`);
        }
        return new Simulation(buildModel(workspace.documents, workspace.stdlib, options.costPreset), options);
    }

    constructor(model: MachineModel, options: SimulationOptions = {}) {
        this.model = model;
        this.maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
        this.executor = options.executor ?? (options.engine === 'fast' ? new FastExecutor() : new ExactExecutor());
        const hostCode = model.hosts.map((h) => this.compileHost(h));
        const vmCode = model.vms.map((vm) => this.compileVm(vm));
        this.machine = new Machine(this.strings.strings, hostCode, vmCode, (v) => this.descheduled(v));
        this.machine.listener = options.listener ?? {};
        this.state = this.initialState();
        this.machine.state = this.state;
        this.machine.cpu = this.state.pcpus[0] ?? new PcpuState(-1, -1, -1);
        for (const vm of model.vms) if (vm.failAt !== undefined) this.events.push({ time: vm.failAt, kind: 'vm', index: vm.index });
        for (const h of model.hosts) if (h.failHostAt !== undefined) this.events.push({ time: h.failHostAt, kind: 'host', index: h.index });
        this.events.sort((a, b) => a.time - b.time || (a.kind === b.kind ? a.index - b.index : a.kind === 'host' ? -1 : 1));
    }

    set listener(listener: MachineListener) {
        this.machine.listener = listener;
    }

    // ------------------------------------------------------------------ compiling

    private codeCache = new Map<AstNode, Map<number, Code>>();

    private compile(host: HostModel, kind: CodeKind, name: string, owner: AstNode, body: Statement[], params: string[]): Code {
        let perHost = this.codeCache.get(owner);
        if (!perHost) this.codeCache.set(owner, (perHost = new Map()));
        let code = perHost.get(host.index);
        if (!code) {
            const ctx: CompileContext = { strings: this.strings, devices: host.deviceByName, nextId: () => this.codes.length };
            code = compileBody(ctx, kind, name, owner, body, params);
            this.codes.push(code);
            perHost.set(host.index, code);
        }
        return code;
    }

    private handlerCode(host: HostModel, technique: string, h: Handler, kind: CodeKind = 'handler'): Code {
        return this.compile(host, kind, `${technique}.${h.name}`, h, h.body, h.params.map((p) => p.name));
    }

    private compileHost(host: HostModel): HostCode {
        const technique = host.technique;
        const monitor = this.model.monitors[technique];
        const trapHandler: (Code | undefined)[] = [];
        const trapName: string[] = [];
        const sensitive = [...PRIVILEGED, ...SENSITIVE_UNPRIVILEGED, ...REVEALING];
        for (const opcode of sensitive) {
            const op = OP[opcode as OpName];
            if (technique === 'hardware') {
                const exit = VMX_EXIT[opcode];
                const h = exit && monitor.get(exit.handler);
                if (exit && h) {
                    trapHandler[op] = this.handlerCode(host, technique, h);
                    trapName[op] = `VM exit ${exit.number} ${exit.handler}`;
                }
                continue;
            }
            const handlerName = MONITOR_HANDLER[opcode];
            // a paravirtualized kernel never traps; if a privileged instruction gets there anyway
            // (a kernel without OS on a para hypervisor), trap-and-emulate handles it
            const h = monitor.get(handlerName) ?? (technique === 'para' ? this.model.monitors.full.get(handlerName) : undefined);
            if (!h) continue;
            trapHandler[op] = this.handlerCode(host, technique, h);
            trapName[op] = `${technique === 'binary' ? 'callout' : 'trap'} ${handlerName}`;
        }
        const hypercalls = new Map<string, Code>();
        if (technique === 'para') for (const h of monitor.values()) hypercalls.set(h.name, this.handlerCode(host, 'para', h));
        const drivers = new Map<string, Code>();
        const os: Os | undefined = host.hostOs;
        if (os) for (const d of os.drivers) drivers.set(d.name, this.handlerCode(host, os.name, d, 'driver'));
        return { model: host, technique, costs: host.costs, trapHandler, trapName, hypercalls, drivers, hostOsName: os?.name ?? 'host',
            nestedPaging: technique === 'hardware' && host.extensions.some((e) => e === 'ept' || e === 'npt'),
        };
    }

    private compileVm(vm: VmModel): VmCode {
        const syscalls = new Map<string, Code>();
        for (const s of vm.os?.syscalls ?? []) {
            syscalls.set(s.name, this.compile(vm.host, 'syscall', `${vm.os!.name}.${s.name}`, s, s.body, s.params.map((p) => p.name)));
        }
        return { model: vm, syscalls };
    }

    private programCode(vm: VmModel, program: Program): Code {
        return this.compile(vm.host, 'program', program.name, program, program.body, []);
    }

    // ------------------------------------------------------------------ initial state

    private initialState(): SimState {
        const s = new SimState();
        for (const host of this.model.hosts) {
            const hs = new HostState(host);
            for (let i = 0; i < host.pcpus; i++) {
                const p = new PcpuState(s.pcpus.length, host.index, i);
                hs.pcpus.push(p.id);
                s.pcpus.push(p);
            }
            s.hosts.push(hs);
        }
        for (const vm of this.model.vms) {
            const vs = new VmState(vm);
            s.vms.push(vs);
            for (let i = 0; i < vm.vcpus; i++) {
                const v = new VcpuState(s.vcpus.length, vm.index, i, `${vm.name}/vcpu${i}`);
                s.vcpus.push(v);
                vs.vcpus.push(v.id);
                const program = vm.programs[i];
                const code = program && this.programCode(vm, program);
                if (!code || code.instrs.length === 0) {
                    v.done = true;
                    continue;
                }
                const user = vm.os !== undefined;
                const frame = new Frame('guest', program.name, code, user, user ? L_GUEST : L_KERNEL);
                frame.regs[8] = userStackTop(vm, i);
                v.frames.push(frame);
                s.hosts[vm.host.index].ready.push(v.id);
            }
            if (vs.vcpus.every((id) => s.vcpus[id].done)) vs.status = 'halted';
        }
        // dispatch: every pCPU takes the first runnable vCPU it may run
        this.state = s;
        for (const hs of s.hosts) for (const p of hs.pcpus) this.dispatch(s.pcpus[p]);
        return s;
    }

    // ------------------------------------------------------------------ scheduling

    private eligible(vm: VmModel, cpu: PcpuState): boolean {
        return vm.pin ? vm.pin.includes(cpu.index) : cpu.index < vm.host.usablePcpus;
    }

    /** An idle pCPU takes the best runnable vCPU it may run, if any. */
    private dispatch(cpu: PcpuState): void {
        if (cpu.vcpu >= 0 || this.state.finished) return;
        const s = this.state;
        const hs = s.hosts[cpu.host];
        const credit = hs.model.scheduler.policy === 'credit';
        let best = -1;
        for (let i = 0; i < hs.ready.length; i++) {
            const v = s.vcpus[hs.ready[i]];
            if (!this.eligible(this.model.vms[v.vm], cpu)) continue;
            if (best < 0) {
                best = i;
                if (!credit) break;
            } else if (v.vruntime < s.vcpus[hs.ready[best]].vruntime) best = i;
        }
        if (best < 0) return;
        const v = s.vcpus[hs.ready[best]];
        hs.ready.splice(best, 1);
        const start = Math.max(cpu.time, v.readySince);
        s.vms[v.vm].cycles[L_WAITING] += start - v.readySince;
        cpu.time = start;
        cpu.vcpu = v.id;
        cpu.runStart = start;
        cpu.sliceEnd = start + hs.model.scheduler.sliceCycles;
        v.pcpu = cpu.id;
    }

    /** Takes a vCPU off its pCPU (recording the timeline), and gives the pCPU to the next one. */
    private release(v: VcpuState): PcpuState {
        const s = this.state;
        const cpu = s.pcpus[v.pcpu];
        if (cpu.time > cpu.runStart) {
            // a vCPU that gets its pCPU straight back (yield, slice end with nobody waiting) continues its slice
            const last = cpu.lastSlice >= 0 ? s.timeline[cpu.lastSlice] : undefined;
            if (last && last.vcpu === v.id && last.end === cpu.runStart) last.end = cpu.time;
            else if (s.timeline.length < MAX_TIMELINE) {
                cpu.lastSlice = s.timeline.length;
                s.timeline.push({ host: cpu.host, pcpu: cpu.index, vcpu: v.id, start: cpu.runStart, end: cpu.time });
            } else s.timelineTruncated = true;
        }
        const weight = this.model.vms[v.vm].weight || 1;
        v.vruntime += ((cpu.time - cpu.runStart) * 256) / weight;
        cpu.vcpu = -1;
        v.pcpu = -1;
        return cpu;
    }

    /** Machine callback: a vCPU halted, faulted or was killed. */
    private descheduled(v: VcpuState): void {
        const s = this.state;
        if (v.pcpu >= 0) {
            const cpu = this.release(v);
            this.dispatch(cpu);
            return;
        }
        const hs = s.hosts[this.model.vms[v.vm].host.index];
        const i = hs.ready.indexOf(v.id);
        if (i >= 0) {
            hs.ready.splice(i, 1);
            const now = this.eventTime ?? this.machine.cpu.time;
            s.vms[v.vm].cycles[L_WAITING] += Math.max(0, now - v.readySince);
        }
    }

    /** The vCPU on `cpu` goes back to the ready queue (end of slice with others waiting, or yield). */
    private requeue(cpu: PcpuState): void {
        const s = this.state;
        const v = s.vcpus[cpu.vcpu];
        this.release(v);
        v.readySince = cpu.time;
        const hs = s.hosts[cpu.host];
        hs.ready.push(v.id);
        this.dispatch(cpu);
        // another idle pCPU of the host may take what this one did not
        for (const p of hs.pcpus) if (hs.ready.length > 0) this.dispatch(s.pcpus[p]);
    }

    private othersWaitFor(cpu: PcpuState): boolean {
        const s = this.state;
        return s.hosts[cpu.host].ready.some((id) => this.eligible(this.model.vms[s.vcpus[id].vm], cpu));
    }

    /** Picks the next chunk; false when the simulation is over. */
    private beginChunk(): boolean {
        const s = this.state;
        for (;;) {
            // the busy pCPU first in the order: the smallest clock, or chunk start for one ahead
            let cpu: PcpuState | undefined;
            let tmin = Infinity;
            let busy = 0;
            for (const p of s.pcpus) {
                if (p.vcpu < 0) continue;
                busy++;
                const t = p.aheadStart >= 0 ? p.aheadStart : p.time;
                if (t < tmin) {
                    tmin = t;
                    cpu = p;
                }
            }
            const event = this.events[s.nextEvent];
            if (event && event.time <= tmin && event.time < this.maxCycles && s.vms.some((vm) => vm.status === 'running')) {
                s.nextEvent++;
                this.failure(event);
                continue;
            }
            if (!cpu) {
                this.finish(undefined);
                return false;
            }
            if (tmin >= this.maxCycles) {
                this.finish(this.maxCycles);
                return false;
            }
            s.current = cpu.id;
            this.machine.cpu = cpu;
            if (cpu.aheadStart >= 0) {
                // it ran ahead into this chunk: the rest of it, now that its turn has come
                s.chunkEnd = cpu.aheadStart + CHUNK_CYCLES;
                cpu.aheadStart = -1;
                const v = s.vcpus[cpu.vcpu];
                if (this.returnPending(v)) {
                    // the body it ran to the end of returns now, in its place in the order
                    this.machine.finishFrame(v);
                    if (cpu.vcpu !== v.id) {
                        // it halted: the chunk ends there, as it would have
                        s.current = -1;
                        continue;
                    }
                }
                return true;
            }
            // a lone busy pCPU has nobody to keep in step with: its chunk runs to the end of the slice
            let end = Math.min(busy === 1 ? Infinity : tmin + CHUNK_CYCLES, cpu.sliceEnd, this.maxCycles);
            if (event) end = Math.min(end, Math.max(event.time, tmin + 1));
            s.chunkEnd = Math.max(end, tmin + 1);
            return true;
        }
    }

    private endChunk(cpu: PcpuState): void {
        const s = this.state;
        s.current = -1;
        if (cpu.vcpu < 0) return;
        const v = s.vcpus[cpu.vcpu];
        if (v.yielded) {
            v.yielded = false;
            this.requeue(cpu);
            return;
        }
        if (cpu.time >= cpu.sliceEnd) {
            if (this.othersWaitFor(cpu)) this.requeue(cpu);
            else cpu.sliceEnd = cpu.time + s.hosts[cpu.host].model.scheduler.sliceCycles;
        }
    }

    private failure(event: FailEvent): void {
        const s = this.state;
        this.eventTime = event.time;
        try {
            const targets = event.kind === 'vm' ? [s.vms[event.index]] : s.vms.filter((vm) => vm.model.host.index === event.index);
            if (event.kind === 'host') s.hosts[event.index].failedAt = event.time;
            for (const vm of targets) {
                if (vm.status !== 'running') continue;
                const host = vm.model.host;
                const reason = event.kind === 'vm'
                    ? `fail at ${event.time} cycles`
                    : `host OS ${host.hostOs?.name ?? ''} of ${host.name} failed at ${event.time} cycles`;
                this.machine.kill(vm, event.kind === 'vm' ? 'faulted' : 'host-failed', reason);
                const stop: StopEvent = { kind: event.kind === 'vm' ? 'fault' : 'host-failed', vm: vm.model.name, message: reason, time: event.time };
                this.machine.stopEvent = stop;
                this.machine.listener.stop?.(stop);
            }
        } finally {
            this.eventTime = undefined;
        }
    }

    /** Ends the simulation: `limit` for whatever still runs at the cycle limit or can never get a pCPU. */
    private finish(limit: number | undefined): void {
        const s = this.state;
        const end = limit ?? Math.max(0, ...s.pcpus.map((p) => p.time));
        this.eventTime = end;
        try {
            // no pCPU takes new work from here on
            s.finished = true;
            for (const vm of s.vms) {
                if (vm.status !== 'running') continue;
                const reason = limit !== undefined ? `cycle limit ${limit} reached` : 'no pCPU may run its vCPUs (pin or reservations)';
                this.machine.kill(vm, 'limit', reason);
                const stop: StopEvent = { kind: 'limit', vm: vm.model.name, message: reason, time: end };
                this.machine.stopEvent = stop;
                this.machine.listener.stop?.(stop);
            }
        } finally {
            this.eventTime = undefined;
        }
        s.finished = true;
        s.current = -1;
    }

    // ------------------------------------------------------------------ driving

    /** Runs at most `budget` steps; returns why it stopped. */
    private drive(budget: number, options: RunOptions): RunStop {
        const s = this.state;
        this.breakpointsActive = options.breakpoints === true && this.breakpointLines.size > 0;
        const stopOn = options.stopOn;
        this.pauseOnStops = stopOn !== undefined && stopOn.length > 0;
        const ahead = options.runAhead === true && !this.breakpointsActive && !this.pauseOnStops && options.predicate === undefined;
        let steps = 0;
        while (steps < budget) {
            if (s.finished) return { reason: 'end' };
            if (s.current < 0 && !this.beginChunk()) return { reason: 'end' };
            const cpu = s.pcpus[s.current];
            const v = s.vcpus[cpu.vcpu];
            this.machine.cpu = cpu;
            this.machine.stopEvent = undefined;
            let n: number;
            this.predicateHit = false;
            // a VM of one vCPU may run ahead after this chunk (see the top of this file)
            const mayRunAhead = ahead && this.model.vms[v.vm].vcpus === 1;
            if (this.passBreakpoint === v.id && this.breakpointsActive) {
                // resume past the breakpoint it stopped at: one step without the check
                this.breakpointsActive = false;
                n = this.executor.run(this, v, s.chunkEnd, 1);
                if (options.predicate && n > 0) this.predicateHit = options.predicate(this);
                this.breakpointsActive = true;
                this.passBreakpoint = -1;
            } else {
                if (mayRunAhead) this.allowStraddle(cpu);
                n = options.predicate === undefined
                    ? this.executor.run(this, v, s.chunkEnd, budget - steps)
                    : this.checkedRun(v, options.predicate, budget - steps);
                this.aheadLimit = 0;
                // it ended inside a trap taken whole: it is in the next chunk already
                if (mayRunAhead && this.aheadBoundary >= 0) cpu.aheadStart = this.aheadBoundary;
            }
            steps += n;
            if (n > 0) this.lastVcpu = v.id;
            if (mayRunAhead && steps < budget && cpu.time >= s.chunkEnd && cpu.vcpu === v.id && !v.yielded
                && this.machine.stopEvent === undefined && !this.returnPending(v)) {
                steps += this.runAhead(cpu, v, budget - steps);
            }
            const atBreakpoint = n === 0 && this.breakpointsActive && v.pcpu === cpu.id && !v.yielded && this.atBreakpoint(v);
            if (cpu.aheadStart >= 0) s.current = -1; // in the middle of a chunk it ran ahead into: resumed in order
            else if (cpu.vcpu !== v.id || cpu.time >= s.chunkEnd || v.yielded) this.endChunk(cpu);
            if (atBreakpoint) {
                this.passBreakpoint = v.id;
                return { reason: 'breakpoint', vcpu: v.id };
            }
            const event = this.machine.stopEvent as StopEvent | undefined;
            if (event && stopOn?.includes(event.kind)) return { reason: 'event', vcpu: v.id, event };
            if (options.predicate && this.predicateHit) return { reason: 'predicate', vcpu: v.id };
        }
        return { reason: 'budget' };
    }

    /**
     * After its chunk ended, `cpu` runs its next chunks (each CHUNK_CYCLES from where the last
     * ended, as lockstep would cut them) while the executor finds only private work; it stops
     * before anything else, at a chunk that a slice end, an event or the limit would cut, or
     * on the budget — staying `aheadStart` so `beginChunk` resumes it in its place. Returns the
     * steps executed.
     */
    private runAhead(cpu: PcpuState, v: VcpuState, budget: number): number {
        const s = this.state;
        let steps = 0;
        this.ahead = true;
        try {
            // where the chunk it is in starts: its clock, or inside the trap the last chunk ended in
            let start = cpu.aheadStart >= 0 ? cpu.aheadStart : cpu.time;
            while (steps < budget) {
                const end = start + CHUNK_CYCLES;
                const event = this.events[s.nextEvent];
                if (end >= cpu.sliceEnd || end >= this.maxCycles || (event !== undefined && event.time <= end)) break;
                cpu.aheadStart = start;
                this.allowStraddle(cpu);
                steps += this.executor.run(this, v, end, budget - steps);
                if (this.aheadBoundary >= 0) {
                    // the chunk ended inside a trap the executor took whole: the next one starts there
                    start = this.aheadBoundary;
                    cpu.aheadStart = start;
                    if (this.returnPending(v)) break;
                    continue;
                }
                // stopped short (something others could see, or the budget), ran to the end of
                // its body, or the slice ends with this chunk: the scheduler finishes it in order
                if (cpu.time < end || cpu.time >= cpu.sliceEnd || this.returnPending(v)) break;
                cpu.aheadStart = -1;
                start = cpu.time;
            }
        } finally {
            this.ahead = false;
            this.aheadLimit = 0;
        }
        if (steps > 0) this.lastVcpu = v.id;
        this.aheadSteps += steps;
        return steps;
    }

    /**
     * Steps `v` with a predicate checked after every step, by the interpreter in its own loop
     * (millions of steps a second), not one call per step.
     */
    private checkedRun(v: VcpuState, predicate: (sim: Simulation) => boolean, budget: number): number {
        this.stepPredicate = predicate;
        this.predicateHit = false;
        try {
            return this.checker.run(this, v, this.state.chunkEnd, budget);
        } finally {
            this.stepPredicate = undefined;
        }
    }

    /** Lets the executor end the coming chunk inside a fused trap (`aheadBoundary`). */
    private allowStraddle(cpu: PcpuState): void {
        const event = this.events[this.state.nextEvent];
        this.aheadLimit = Math.min(cpu.sliceEnd, this.maxCycles, event !== undefined ? event.time : Infinity);
        this.aheadBoundary = -1;
    }

    /** The vCPU's top body ran off its end while running ahead: its return is still to come. */
    private returnPending(v: VcpuState): boolean {
        const top = v.frames[v.frames.length - 1];
        return top !== undefined && top.code !== undefined && top.pc >= top.code.instrs.length;
    }

    /** Runs to the end and returns the result. */
    run(): SimulationResult {
        while (!this.state.finished) this.drive(Number.MAX_SAFE_INTEGER, { runAhead: true });
        return this.result();
    }

    /** Runs until a breakpoint, a listed event, the predicate, `maxSteps` or the end. */
    runUntil(options: RunOptions = {}): RunStop {
        return this.drive(options.maxSteps ?? Number.MAX_SAFE_INTEGER, options);
    }

    /** Executes the next instruction in the canonical order (whichever vCPU is due). */
    stepInstruction(): RunStop {
        const stop = this.drive(1, {});
        return stop.reason === 'budget' ? { reason: 'step', vcpu: this.lastVcpu } : stop;
    }

    /** Runs the canonical order until vCPU `vcpuId` has executed one instruction (others run as they would). */
    step(vcpuId: number): RunStop {
        const v = this.state.vcpus[vcpuId];
        if (!v) throw new SimulationError(`no vCPU ${vcpuId}`);
        while (!this.state.finished && !v.done) {
            const before = this.state.steps;
            const stop = this.drive(1, {});
            if (stop.reason === 'end') return stop;
            if (this.lastVcpu === vcpuId && this.state.steps > before) return { reason: 'step', vcpu: vcpuId, event: this.machine.stopEvent };
        }
        return { reason: 'end', vcpu: vcpuId };
    }

    get finished(): boolean {
        return this.state.finished;
    }

    /** The current time: the clock of the pCPU furthest behind that still has work, else the end. */
    get time(): number {
        return Math.max(0, ...this.state.pcpus.map((p) => p.time));
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
            }
        }
        if (wanted.size > 0) this.breakpointLines.set(file, wanted);
        else this.breakpointLines.delete(file);
        return lines.filter((l) => verified.has(l));
    }

    /** Whether vCPU `v` is about to run an instruction on a breakpoint line. */
    atBreakpoint(v: VcpuState): boolean {
        const f = v.frames[v.frames.length - 1];
        return f !== undefined && f.code !== undefined && f.code.instrs[f.pc]?.bp === true;
    }

    // ------------------------------------------------------------------ inspection

    vcpus(): VcpuInfo[] {
        return this.state.vcpus.map((v) => {
            const vm = this.model.vms[v.vm];
            return {
                id: v.id, name: v.name, vm: vm.name, hypervisor: vm.host.name, index: v.index, done: v.done,
                pcpu: v.pcpu >= 0 ? this.state.pcpus[v.pcpu].index : undefined,
                iflag: v.iflag, idt: v.idt, cr3: v.cr3, ran: v.ran,
            };
        });
    }

    hosts(): HostInfo[] {
        const s = this.state;
        return s.hosts.map((h) => ({
            hypervisor: h.model.name,
            hardware: h.model.hardware,
            kind: h.model.kind,
            technique: h.model.technique,
            pcpus: h.pcpus.map((id) => {
                const p = s.pcpus[id];
                return { index: p.index, time: p.time, vcpu: p.vcpu >= 0 ? s.vcpus[p.vcpu].name : undefined };
            }),
            ready: h.ready.map((id) => s.vcpus[id].name),
            touchedPages: h.touchedPages,
            usablePages: Math.floor(h.model.usableBytes / 4096),
            ...(h.failedAt !== undefined ? { failedAt: h.failedAt } : {}),
        }));
    }

    /** The vCPU's layers, innermost (top of stack) first. */
    frames(vcpuId: number): FrameInfo[] {
        const v = this.state.vcpus[vcpuId];
        if (!v) return [];
        return v.frames.map((f) => this.frameInfo(f, this.model.vms[v.vm])).reverse();
    }

    private frameInfo(f: Frame, vm: VmModel): FrameInfo {
        const registers: Record<string, number> = {};
        REGISTER_NAMES.forEach((r, i) => (registers[r] = f.regs[i]));
        const ins = f.code?.instrs[Math.min(f.pc, f.code.instrs.length - 1)];
        const names = f.code?.params ?? [];
        const params: Record<string, string> = {};
        f.pk.forEach((k, i) => (params[names[i] ?? `arg${i}`] = this.describeValue(k, f.pv[i], vm)));
        const privilege = PRIVILEGE[f.layer];
        return {
            kind: f.kind, name: f.name, location: ins?.loc ?? f.at, registers, pc: f.pc,
            flags: { zf: f.zf, sf: f.sf }, privilege, params,
        };
    }

    private describeValue(kind: number, value: number, vm: VmModel): string {
        if (kind === PK_STR) return JSON.stringify(this.strings.strings[value]);
        if (kind === PK_DEV) return vm.host.devices[value]?.name ?? `device ${value}`;
        return String(value);
    }

    // ------------------------------------------------------------------ snapshots

    snapshot(): Snapshot {
        return { state: this.state.clone() };
    }

    restore(snapshot: Snapshot): void {
        this.state = snapshot.state.clone();
        this.machine.state = this.state;
        this.machine.cpu = this.state.pcpus[Math.max(0, this.state.current)] ?? this.machine.cpu;
        this.passBreakpoint = -1;
    }

    // ------------------------------------------------------------------ result

    /** The result so far (final once `finished`). */
    result(): SimulationResult {
        const s = this.state;
        const vms: VmResult[] = s.vms.map((vm) => {
            const cycles = Object.fromEntries(LAYERS.map((l, i) => [l, vm.cycles[i]])) as VmResult['cycles'];
            cycles.total = LAYERS.reduce((sum, l) => sum + cycles[l], 0);
            const r: VmResult = {
                name: vm.model.name,
                hypervisor: vm.model.host.name,
                status: vm.status === 'running' ? 'limit' : vm.status,
                console: vm.console,
                instructions: vm.instructions,
                cycles,
                exits: { ...vm.exits },
                hypercalls: { ...vm.hypercalls },
                fidelityViolations: vm.fidelityViolations,
                memory: { declaredBytes: vm.model.memoryBytes, touchedPages: vm.memory.touchedPages, swappedPages: vm.swappedPages },
            };
            if (vm.stop) r.stop = vm.stop;
            return r;
        });
        const hypervisors = this.model.hosts.map((h) => {
            const cycles = Object.fromEntries([...LAYERS, 'total'].map((l) => [l, 0])) as VmResult['cycles'];
            for (const vm of vms) {
                if (vm.hypervisor !== h.name) continue;
                for (const l of [...LAYERS, 'total'] as const) cycles[l] += vm.cycles[l];
            }
            const failedAt = s.hosts[h.index].failedAt;
            return {
                name: h.name, hardware: h.hardware, kind: h.kind, technique: h.technique, costPreset: h.costPreset,
                pcpus: h.pcpus, usablePcpus: h.usablePcpus, clockHz: h.clockHz, cycles,
                ...(failedAt !== undefined ? { hostFailedAt: failedAt } : {}),
            };
        });
        const timeline = s.timeline.map((t) => {
            const v = s.vcpus[t.vcpu];
            return { hypervisor: this.model.hosts[t.host].name, pcpu: t.pcpu, vm: this.model.vms[v.vm].name, vcpu: v.index, start: t.start, end: t.end };
        });
        return { cycles: this.time, vms, hypervisors, timeline, ...(s.timelineTruncated ? { timelineTruncated: true } : {}) };
    }
}

export type { StopEvent, StopKind, MachineListener };
export { ExactExecutor };
export type { Transition } from './machine.js';
