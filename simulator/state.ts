// Everything that changes while simulating, in one tree of small classes with `clone()`: the
// debugger's snapshots (time travel = snapshot + deterministic replay) copy it whole. Objects
// refer to each other by index (vCPU id, pCPU index), never by pointer, so a clone is a plain
// copy. Code objects are immutable and shared between clones.
import type { PagingWork } from '../language/isa.js';
import type { Code } from './cpu/code.js';
import { addCount, copyCounts, newCounts, NO_COUNTS, owned, type Counts } from './counts.js';
import { SparseMemory } from './memory.js';
import type { HostModel, VmModel } from './model.js';
import type { StopReason } from './stop-reason.js';
import type { SourceLocation, VmStatus, VmStop } from './result.js';
import { MemoryCounts, Tlb } from './tlb.js';
import { ShadowState } from './shadow.js';
import { sharedEmptyMap } from './shared-empty.js';
import { smallFloat64Array, smallInt32Array } from './small-typed-arrays.js';
import type { ProcessTable } from './machine/processes.js';

export type FrameKind = 'guest' | 'kernel' | 'hypervisor' | 'host' | 'hardware';

/** Cost layers, indices into `VmState.cycles`. */
export const L_GUEST = 0;
export const L_KERNEL = 1;
export const L_HYPERVISOR = 2;
export const L_HOST = 3;
export const L_WAITING = 4;

/** Kinds of a value bound to a syscall / handler parameter. */
export const PK_INT = 0;
export const PK_STR = 1;
export const PK_DEV = 2;

/** One layer of a vCPU's execution: a guest program, a syscall body, a handler, a host driver, a hardware command. */
export class Frame {
    /** Registers r0-r7, sp (index 8). */
    regs: Int32Array;
    zf = false;
    sf = false;
    pc = 0;
    /** Return addresses of `call`. */
    calls: number[] = [];
    /** Parameter kinds (PK_*) and values. */
    pk: number[] = [];
    pv: number[] = [];
    /** Hardware frames: the command and its argument kinds/values. */
    hw = '';
    /** Its HW index (cpu/code.ts), -1 for a frame that is not a hardware command. */
    hwCode = -1;
    /**
     * Entered by an exception or interrupt (machine/exceptions.ts), not by an instruction: its
     * return completes nothing below (the interrupted instruction runs, or runs again); the
     * vector, and what it restores of the interrupted frame (a `lidt` handler shares its registers).
     */
    vector = -1;
    /**
     * Entered by the MMU for the hypervisor's paging work (machine/paging-exits.ts), that work: like
     * an exception's handler, its return completes nothing; the access runs again.
     */
    pagingWork: PagingWork | undefined;
    saved: number[] | undefined;
    /** An exception handler's fault (`#DE: division by zero`): the stop reason if it ends the program (`abort`). */
    reason: StopReason | undefined;
    constructor(
        readonly kind: FrameKind,
        /** `countdown`, `syscall write`, `trap io_out`, `VM exit 30 IO_INSTRUCTION`, `hypercall console_io`, `host linux io_write`, `hw io_write`. */
        readonly name: string,
        /** Undefined for a hardware frame. */
        readonly code: Code | undefined,
        /** Guest code running in user mode (a program under an OS). */
        readonly user: boolean,
        /** Where its cycles go (L_*). */
        readonly layer: number,
        /** A hardware frame's location: the `hw` instruction that issued it. */
        readonly at?: SourceLocation,
        /** Zeroed registers to use (the machine recycles those of returned frames: a trap is two frames). */
        regs?: Int32Array,
    ) {
        this.regs = regs ?? smallInt32Array(9);
    }

    clone(): Frame {
        const f = new Frame(this.kind, this.name, this.code, this.user, this.layer, this.at, this.regs.slice());
        f.zf = this.zf;
        f.sf = this.sf;
        f.pc = this.pc;
        f.calls = this.calls.slice();
        f.pk = this.pk.slice();
        f.pv = this.pv.slice();
        f.hw = this.hw;
        f.hwCode = this.hwCode;
        f.vector = this.vector;
        f.pagingWork = this.pagingWork;
        f.saved = this.saved?.slice();
        f.reason = this.reason;
        return f;
    }
}

/** Pending stages of an interrupt or exception (machine/exceptions.ts). */
export const IRQ_RAISED = 0;
export const IRQ_INJECTED = 1;
export const IRQ_WINDOW = 2;
/** With the monitor (its handler runs): waits for its `hw inject`. */
export const IRQ_HELD = 3;

/**
 * The one hook `vmdef compare` has in interrupt delivery (simulator/compare/interrupt-input.ts):
 * interrupts are an input of the compared run, so a maskable interrupt enters the virtualized
 * guest's kernel at the guest instruction where the native run took it, not when its own timer
 * says. Consulted only where the guest kernel would take one (if = 1); exceptions, the monitor's
 * handlers and every run but compare's (no gate) are untouched.
 */
export interface DeliveryGate {
    /** May a maskable interrupt of `vector` enter vCPU `v`'s guest kernel now? */
    allows(v: VcpuState, vector: number): boolean;
    /** One did (its handler entered, or lost for want of one). */
    delivered(v: VcpuState, vector: number): void;
}

/**
 * What every queue of an interrupt controller is until something is queued: one empty array for
 * all (most vCPUs never see an interrupt; 1,000 VMs made nine empty arrays each). Only the two
 * places that add entries write to the queues' arrays, and they take arrays of their own first
 * (`ownScheduled`, `ownPending`); removals and in-place writes touch only entries that exist.
 */
const NOTHING_QUEUED: never[] = [];

/**
 * A vCPU's interrupt controller: interrupts scheduled in its virtual time (`VcpuState.ran`) and
 * those raised but not yet delivered, oldest first. Small arrays: a handful at a time.
 */
export class InterruptState {
    /** Scheduled: virtual time and vector (the one-shot timer, device arrivals). */
    at: number[] = NOTHING_QUEUED;
    atVector: number[] = NOTHING_QUEUED;
    /**
     * The next tick of a vCPU running processes (machine/processes.ts), in its own slot: a guest
     * arming its one-shot timer does not stop process switching, nor does the tick re-arm the
     * guest's timer. Infinity: no periodic tick.
     */
    tickAt = Infinity;
    /** Pending: vector, error code or faulting address (r1 of a `lidt` handler, its first parameter), virtual time raised, stage (IRQ_*), maskable (1) or an exception (0). */
    vector: number[] = NOTHING_QUEUED;
    code: number[] = NOTHING_QUEUED;
    /** A second value for the handler's second parameter (a page fault's error code). */
    detail: number[] = NOTHING_QUEUED;
    since: number[] = NOTHING_QUEUED;
    stage: number[] = NOTHING_QUEUED;
    maskable: number[] = NOTHING_QUEUED;
    /** An exception's fault (`#DE: division by zero`), for the stop reason when its handler ends the program. */
    reason: (StopReason | undefined)[] = NOTHING_QUEUED;
    /**
     * Under `full`: a `popf` that meant to set `if` back to 1 and did not trap, so the
     * hypervisor still sees 0 (the debugger's description of a late or lost interrupt).
     */
    popf: SourceLocation | undefined;
    /** Who else decides when a maskable interrupt enters the guest kernel (`DeliveryGate`); undefined: nobody, as soon as `if` = 1. */
    gate: DeliveryGate | undefined;

    /** Before adding to the scheduled queue: its arrays are its own. */
    ownScheduled(): void {
        if (this.at !== NOTHING_QUEUED) return;
        this.at = [];
        this.atVector = [];
    }

    /** Before adding to the pending queue: its arrays are its own. */
    ownPending(): void {
        if (this.vector !== NOTHING_QUEUED) return;
        this.vector = [];
        this.code = [];
        this.detail = [];
        this.since = [];
        this.stage = [];
        this.maskable = [];
        this.reason = [];
    }

    /** Entry `i` may enter the guest kernel now as far as the gate is concerned (an interrupt window exit is the monitor's, never held). */
    gateAllows(v: VcpuState, i: number): boolean {
        return this.gate === undefined || this.stage[i] === IRQ_WINDOW || this.gate.allows(v, this.vector[i]);
    }

    /** Re-derives `v.irqAt` (see there) after anything that changes what can happen. */
    due(v: VcpuState): void {
        // runs on every cli / sti a monitor emulates: plain indexed loops, usually over nothing
        let t = this.tickAt;
        const at = this.at;
        for (let i = 0; i < at.length; i++) if (at[i] < t) t = at[i];
        for (let i = 0; i < this.vector.length; i++) {
            const stage = this.stage[i];
            if (stage === IRQ_RAISED || (stage !== IRQ_HELD && (this.maskable[i] === 0 || (v.iflag && this.gateAllows(v, i))))) {
                t = 0;
                break;
            }
        }
        v.irqAt = t;
    }

    clone(): InterruptState {
        const c = new InterruptState();
        if (this.at !== NOTHING_QUEUED) {
            c.at = this.at.slice();
            c.atVector = this.atVector.slice();
        }
        c.tickAt = this.tickAt;
        if (this.vector !== NOTHING_QUEUED) {
            c.vector = this.vector.slice();
            c.code = this.code.slice();
            c.detail = this.detail.slice();
            c.since = this.since.slice();
            c.stage = this.stage.slice();
            c.maskable = this.maskable.slice();
            c.reason = this.reason.slice();
        }
        c.popf = this.popf;
        c.gate = this.gate;
        return c;
    }
}

export class VcpuState {
    frames: Frame[] = [];
    /** ready (runnable, waiting for or holding a pCPU) or done. */
    done = false;
    /** The pCPU it runs on, or -1. */
    pcpu = -1;
    /** When it last became runnable without a pCPU. */
    readySince = 0;
    /** Credit scheduler: weighted run time. */
    vruntime = 0;
    /** Cycles this vCPU has run (its virtual time-stamp counter). */
    ran = 0;
    /** Guest instructions (layer <= kernel) it started, as `VmState.instructions` counts them for its VM (compare counts by these). */
    instructions = 0;
    /**
     * The virtual interrupt flag the hypervisor keeps (cli/sti); a write re-derives `irqAt` when
     * something is pending -- only a pending interrupt's delivery depends on the flag (`due`), and
     * everything else that changes what can happen re-derives it itself (a trapping cli / sti
     * loop writes this at every trap, with nothing pending).
     */
    get iflag(): boolean {
        return this.ifl;
    }
    set iflag(b: boolean) {
        this.ifl = b;
        if (b) this.irq.popf = undefined;
        if (this.irq.vector.length !== 0) this.irq.due(this);
    }
    private ifl = true;
    /** Its interrupt controller (machine/exceptions.ts): timers armed, vectors pending. */
    irq = new InterruptState();
    /**
     * The virtual time (`ran`) at which an executor must stop at the next instruction boundary
     * and let the machine look at interrupts (`Machine.interrupt`): a timer's expiry, 0 when
     * one can be delivered now, Infinity when nothing can happen (derived: `InterruptState.due`).
     */
    irqAt = Infinity;
    /** Waiting in `hlt` for an interrupt: the host cycle it wakes at (the scheduler requeues it for then), else -1. */
    wakeAt = -1;
    /** `lidt LABEL` of a kernel without OS: the code and entry of its interrupt table (undefined: none). */
    idtCode: Code | undefined;
    idt = 0;
    cr3 = 0;
    /** The guest-physical table entry whose trapped store the monitor let through (`hw shadow_update`): its retry writes, once; -1: none. */
    tableStoreAllowed = -1;
    /** `hw yield()` asked to give the pCPU back. */
    yielded = false;
    /** Paging is on: the guest kernel loaded a page directory (CR3) with `lcr3` (§11). */
    paging = false;
    /** The TLB of its pCPU as this vCPU sees it (tlb.ts). */
    tlb = new Tlb();
    /** Several programs on this vCPU: its processes (machine/processes.ts); undefined with one. */
    procs: ProcessTable | undefined;
    constructor(
        /** Global index. */
        readonly id: number,
        readonly vm: number,
        /** Index within its VM. */
        readonly index: number,
        /** `web/vcpu0`. */
        readonly name: string,
    ) {}

    clone(): VcpuState {
        const v = new VcpuState(this.id, this.vm, this.index, this.name);
        v.frames = this.frames.map((f) => f.clone());
        v.done = this.done;
        v.pcpu = this.pcpu;
        v.readySince = this.readySince;
        v.vruntime = this.vruntime;
        v.ran = this.ran;
        v.instructions = this.instructions;
        v.ifl = this.ifl;
        v.irq = this.irq.clone();
        v.irqAt = this.irqAt;
        v.wakeAt = this.wakeAt;
        v.idtCode = this.idtCode;
        v.idt = this.idt;
        v.cr3 = this.cr3;
        v.tableStoreAllowed = this.tableStoreAllowed;
        v.yielded = this.yielded;
        v.paging = this.paging;
        v.tlb = this.tlb.clone();
        v.procs = this.procs?.clone();
        return v;
    }
}

/**
 * One device as one VM sees it — its own virtual instance, whichever path reaches it: the serial
 * input it has read, its I/O counts (result.ts `io`), and a disk's contents.
 */
export class DeviceIo {
    /** Serial: input bytes this VM has read. */
    readPos = 0;
    /** Guest accesses that reached the device (in / out, by any path). */
    accesses = 0;
    /** Accesses that entered the hypervisor (trap, VM exit, callout, hypercall). */
    exits = 0;
    /** Requests carried out (a serial byte, a disk or nic DMA request). */
    requests = 0;
    /** Bytes moved: written to or read from a serial port, by DMA for a disk or nic. */
    bytes = 0;
    /** DMA requests refused: an address outside the VM's memory (the IOMMU or the device model said no). */
    refused = 0;
    /** Interrupts the device raised for this VM (input arrivals, completions). */
    interrupts = 0;
    /** A disk's contents as this VM wrote them (sparse; never-written blocks read as zeros). */
    media = new SparseMemory();

    clone(): DeviceIo {
        const d = new DeviceIo();
        d.readPos = this.readPos;
        d.accesses = this.accesses;
        d.exits = this.exits;
        d.requests = this.requests;
        d.bytes = this.bytes;
        d.refused = this.refused;
        d.interrupts = this.interrupts;
        d.media = this.media.clone();
        return d;
    }
}

export class VmState {
    status: VmStatus | 'running' = 'running';
    /** The last part of the console (console-limit.ts): its UTF-8 bytes, and the bytes dropped before it. */
    console = '';
    consoleBytes = 0;
    consoleDropped = 0;
    instructions = 0;
    /** guest, kernel, hypervisor, host, waiting. */
    cycles = smallFloat64Array(5);
    /** By reason and by hypercall name (nothing inherited: counts.ts). */
    exits: Counts = newCounts();
    /** (NO_COUNTS until the first: `countHypercall`, `countFault`) */
    hypercalls: Readonly<Counts> = NO_COUNTS;
    fidelityViolations = 0;
    /** Interrupts raised, delivered, lost (pending at the end), the longest delay in cycles (machine/exceptions.ts). */
    interrupts = { raised: 0, delivered: 0, lost: 0, maxDelay: 0 };
    /** Exceptions raised in the guest, by vector number. */
    faults: Readonly<Counts> = NO_COUNTS;
    stop?: VmStop;
    memory = new SparseMemory();
    swappedPages = 0;
    /** TLB, walks, page faults, EPT violations, refused accesses (§11). */
    mem = new MemoryCounts();
    /** Shadow tables and write-protected guest table pages (shadow.ts). */
    shadow = new ShadowState();
    /** Binary translation cache: per code id, a flag per basic block (the shared empty map until a block is translated: shared-empty.ts). */
    translated = sharedEmptyMap<number, Uint8Array>();
    /** Translated blocks (each cost `translate` once). */
    translations = 0;
    /** Its vCPUs' ids: consecutive from `firstVcpu` (boot.ts numbers them VM by VM), in an array of their exact number (a `[]` pushed to takes room for 17). */
    readonly vcpus: number[];
    /** Per device of the host (its index): this VM's instance, for the devices it was given. */
    io: (DeviceIo | undefined)[];
    constructor(readonly model: VmModel, firstVcpu: number) {
        this.vcpus = new Array<number>(model.vcpus);
        for (let i = 0; i < model.vcpus; i++) this.vcpus[i] = firstVcpu + i;
        this.io = model.assigned.size === 0 ? [] : model.host.devices.map((d) => (model.assigned.has(d.index) ? new DeviceIo() : undefined));
    }

    /** One more hypercall `name`. */
    countHypercall(name: string): void {
        const table = owned(this.hypercalls);
        this.hypercalls = table;
        addCount(table, name);
    }

    /** One more exception of `vector` raised in the guest. */
    countFault(vector: number): void {
        const table = owned(this.faults);
        this.faults = table;
        addCount(table, String(vector));
    }

    clone(): VmState {
        const s = new VmState(this.model, this.vcpus[0] ?? 0);
        s.status = this.status;
        s.console = this.console;
        s.consoleBytes = this.consoleBytes;
        s.consoleDropped = this.consoleDropped;
        s.instructions = this.instructions;
        s.cycles = this.cycles.slice();
        s.exits = copyCounts(this.exits);
        s.hypercalls = this.hypercalls === NO_COUNTS ? NO_COUNTS : copyCounts(this.hypercalls);
        s.fidelityViolations = this.fidelityViolations;
        s.interrupts = { ...this.interrupts };
        s.faults = this.faults === NO_COUNTS ? NO_COUNTS : copyCounts(this.faults);
        s.stop = this.stop ? { ...this.stop } : undefined;
        s.memory = this.memory.clone();
        s.swappedPages = this.swappedPages;
        s.mem = this.mem.clone();
        s.shadow = this.shadow.clone();
        if (this.translated.size > 0) s.translated = new Map();
        for (const [k, v] of this.translated) s.translated.set(k, v.slice());
        s.translations = this.translations;
        s.io = this.io.map((d) => d?.clone());
        return s;
    }
}

export class PcpuState {
    /** Host cycles this pCPU has advanced to. */
    time = 0;
    /** The vCPU id running here, or -1 (idle). */
    vcpu = -1;
    sliceEnd = 0;
    runStart = 0;
    /** Index of this pCPU's last timeline slice, or -1. */
    lastSlice = -1;
    /**
     * Ran ahead (drive.ts, `runAhead`): the start of the chunk it is in the middle of -- where the
     * lockstep order places it; that chunk ends CHUNK_CYCLES later. -1 when not ahead.
     */
    aheadStart = -1;
    /** The vCPU that ran here last (its TLB entries are the pCPU's), or -1. */
    lastVcpu = -1;
    constructor(
        /** Global index over all hosts. */
        readonly id: number,
        readonly host: number,
        /** Index on its host (what `pin` names). */
        readonly index: number,
    ) {}

    clone(): PcpuState {
        const p = new PcpuState(this.id, this.host, this.index);
        p.time = this.time;
        p.vcpu = this.vcpu;
        p.sliceEnd = this.sliceEnd;
        p.runStart = this.runStart;
        p.lastSlice = this.lastSlice;
        p.aheadStart = this.aheadStart;
        p.lastVcpu = this.lastVcpu;
        return p;
    }
}

export class HostState {
    /** Runnable vCPUs without a pCPU, in the order they became ready. */
    ready: number[] = [];
    /** Guest pages touched by all VMs of this host (swap starts past the host's usable memory). */
    touchedPages = 0;
    failedAt?: number;
    /** The hypervisor's and host OS's own stack memory for handler code (not guest memory). */
    memory = new SparseMemory();
    pcpus: number[] = [];
    constructor(readonly model: HostModel) {}

    clone(): HostState {
        const h = new HostState(this.model);
        h.ready = this.ready.slice();
        h.touchedPages = this.touchedPages;
        h.failedAt = this.failedAt;
        h.memory = this.memory.clone();
        h.pcpus = this.pcpus.slice();
        return h;
    }
}

export interface TimelineEntry {
    host: number;
    pcpu: number;
    vcpu: number;
    start: number;
    end: number;
}

/** The whole mutable state of a simulation. */
export class SimState {
    vcpus: VcpuState[] = [];
    vms: VmState[] = [];
    hosts: HostState[] = [];
    pcpus: PcpuState[] = [];
    /** Filled as vCPUs leave their pCPUs (an array of objects from the start: `objectArray`). */
    timeline: TimelineEntry[] = objectArray();
    timelineTruncated = false;
    /** The pCPU whose chunk is in progress, or -1; and where that chunk ends. */
    current = -1;
    chunkEnd = 0;
    /** Next unprocessed fault-injection event. */
    nextEvent = 0;
    finished = false;
    /** Instructions (steps) executed in all layers, all vCPUs: the canonical step counter. */
    steps = 0;
    /** Simulated memory pages backed by real memory, all VMs and hosts (bounded by MAX_PAGES). */
    pages = 0;

    clone(): SimState {
        const s = new SimState();
        s.vcpus = this.vcpus.map((v) => v.clone());
        s.vms = this.vms.map((v) => v.clone());
        s.hosts = this.hosts.map((h) => h.clone());
        s.pcpus = this.pcpus.map((p) => p.clone());
        for (const t of this.timeline) s.timeline.push({ ...t });
        s.timelineTruncated = this.timelineTruncated;
        s.current = this.current;
        s.chunkEnd = this.chunkEnd;
        s.nextEvent = this.nextEvent;
        s.finished = this.finished;
        s.steps = this.steps;
        s.pages = this.pages;
        return s;
    }
}

/**
 * An empty array whose elements kind holds objects from the start. An empty `[]` starts with
 * small integers and changes its map at the first object stored: the scheduler's optimized
 * `release`, which pushes timeline slices, was thrown away at that first push in the next
 * simulation (a deoptimization and a recompile per process, inside the bench's timed runs).
 */
export function objectArray<T extends object>(): T[] {
    const a: (T | null)[] = [null];
    a.length = 0;
    return a as T[];
}

/** The clock of the pCPU furthest ahead (0 without pCPUs); a loop: hosts may have 200,000 cores. */
export function latestClock(pcpus: readonly PcpuState[]): number {
    let latest = 0;
    for (const p of pcpus) if (p.time > latest) latest = p.time;
    return latest;
}

/** Where a frame is: the instruction it is about to run (at its end: its last), a hardware frame's `hw` command. */
export function frameLocation(f: Frame): SourceLocation | undefined {
    const ins = f.code?.instrs[Math.min(f.pc, f.code.instrs.length - 1)];
    return ins?.loc ?? f.at;
}
