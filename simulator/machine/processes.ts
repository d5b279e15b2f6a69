// Processes: several programs `run` on one vCPU (docs/language.md, Processes). The guest OS
// switches between them in its timer interrupt handler with an `lcr3` to the next process's page
// directory — guest code, virtualized like any `lcr3` (a `cr` exit, a shadow switch, `mmuext_op`).
// What guest code cannot do is swap which program's frames run under the handler: that is this
// module, the one mechanism of the model, and it follows the kernel: when the OS's timer handler
// returns and CR3 names another process's directory, that process's frames (its user context,
// what a real kernel keeps on the process's kernel stack) are the ones the handler returns to.
//
// The loader (boot.ts) starts the first program and keeps the others waiting; it leaves their
// number for the kernel in its boot information (`BOOT_INFO_PROCESSES`) and starts the vCPU's
// periodic tick (a local APIC's periodic mode: a kernel programs it once at boot), every
// PROCESS_TICK cycles of the vCPU's virtual time, in a slot of its own beside the one-shot timer
// (`InterruptState.tickAt`): a program arming its timer does not stop process switching. A vCPU with one program has no process table,
// no tick and no boot information: it runs exactly as it always did.
//
// A process ends when its program runs off its end or its kernel's exit path stops the vCPU
// (`hlt`, `hw halt`): while others live, the vCPU waits for the tick instead, whose handler
// switches away; a dead process's directory is never resumed (the tick comes again at once).
// The VM halts with its last process.
import { TIMER_VECTOR } from '../../language/isa.js';
import type { Machine } from '../machine.js';
import type { Frame, VcpuState, VmState } from '../state.js';
import { raise } from './interrupts.js';

/** Cycles of the vCPU's virtual time between two ticks of a vCPU that runs several processes. */
export const PROCESS_TICK = 20_000;

/** Guest-physical address of the boot information word: the number of processes of vCPU 0 (written when more than one). */
export const BOOT_INFO_PROCESSES = 0x3010;

/** One program of a vCPU: its frames while it does not run, its page directory once known. */
export class Process {
    constructor(
        /** Its program's name. */
        readonly name: string,
        /** Its frames while another process runs (the running one's are the vCPU's). */
        public frames: Frame[],
        /** The directory (CR3) it runs on; −1 until it first runs or is first interrupted. */
        public root = -1,
        public dead = false,
    ) {}

    clone(): Process {
        return new Process(this.name, this.frames.map((f) => f.clone()), this.root, this.dead);
    }
}

/** The processes of one vCPU (VcpuState.procs): which runs, and the context switches so far (times another process took the vCPU). */
export class ProcessTable {
    current = 0;
    switches = 0;
    /** CR3 when the running tick's handler was entered: whether the kernel switched. */
    entryRoot = 0;
    /** The tick's period (interrupts.ts re-arms it when it fires). */
    readonly tick = PROCESS_TICK;
    constructor(public list: Process[]) {}

    clone(): ProcessTable {
        const t = new ProcessTable(this.list.map((p) => p.clone()));
        t.current = this.current;
        t.switches = this.switches;
        t.entryRoot = this.entryRoot;
        return t;
    }

    /** The running process ends; true while others live (its `hlt` then waits for the tick, whose handler switches away). */
    endRunning(): boolean {
        this.list[this.current].dead = true;
        return this.alive > 0;
    }

    /** Processes still alive, the running one included. */
    get alive(): number {
        let n = 0;
        for (const p of this.list) if (!p.dead) n++;
        return n;
    }
}

/** The OS's timer handler is entered: the running process's directory is the one CR3 holds. */
export function tickEntered(v: VcpuState): void {
    const procs = v.procs;
    if (procs === undefined) return;
    procs.entryRoot = v.cr3;
    if (procs.list[procs.current].root < 0) procs.list[procs.current].root = v.cr3;
}

/**
 * The OS's timer handler returned (its frame is popped): if it loaded another process's directory,
 * that process runs from here; a process not yet started takes a directory no process has.
 */
export function tickReturned(m: Machine, vm: VmState, v: VcpuState): void {
    const procs = v.procs;
    if (procs === undefined) return;
    const running = procs.list[procs.current];
    let next = procs.list.findIndex((p) => !p.dead && p.root === v.cr3);
    if (next < 0) next = procs.list.findIndex((p) => !p.dead && p.root < 0 && p !== running);
    if (next >= 0 && procs.list[next].root < 0) procs.list[next].root = v.cr3;
    if (next < 0 || next === procs.current) {
        // (a kernel that loaded nothing new does not switch: the running process goes on)
        const endedRoot = v.cr3 !== procs.entryRoot && procs.list.some((p) => p.dead && p.root === v.cr3);
        if (!running.dead && !endedRoot) return;
        // the kernel resumed a directory whose process has ended: it schedules again at once
        if (running.dead) switchTo(procs, v, procs.list.findIndex((p) => !p.dead));
        raise(m, vm, v, TIMER_VECTOR, v.ran);
        return;
    }
    switchTo(procs, v, next);
}

function switchTo(procs: ProcessTable, v: VcpuState, next: number): void {
    const running = procs.list[procs.current];
    running.frames = running.dead ? [] : v.frames;
    v.frames = procs.list[next].frames;
    procs.list[next].frames = [];
    procs.current = next;
    procs.switches++;
}

/**
 * The running process's program ran off its end. False when it was the vCPU's last: the vCPU
 * stops as it always did. True when others live: with no instruction left to wait at, another's
 * frames are put under a tick raised at once, whose handler picks the next.
 */
export function programEnded(m: Machine, vm: VmState, v: VcpuState): boolean {
    const procs = v.procs;
    if (procs === undefined || !procs.endRunning()) return false;
    switchTo(procs, v, procs.list.findIndex((p) => !p.dead));
    raise(m, vm, v, TIMER_VECTOR, v.ran);
    return true;
}

/**
 * Context switches of a VM's vCPUs (`ids` into `vcpus`), and whether any vCPU of it runs processes
 * (the result's `processes`). By id, not an array of its vCPUs made per VM: that array's elements
 * kind depends on whether `map` was optimized yet, and the result's code deoptimized on it.
 */
export function processFigures(ids: readonly number[], vcpus: readonly VcpuState[]): { count: number; switches: number } | undefined {
    let count = 0, switches = 0;
    for (let i = 0; i < ids.length; i++) {
        const v = vcpus[ids[i]];
        if (v.procs === undefined) continue;
        count += v.procs.list.length;
        switches += v.procs.switches;
    }
    return count > 0 ? { count, switches } : undefined;
}
