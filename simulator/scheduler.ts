// Who runs where and when: the discrete-event, deterministic scheduler.
//
// Every pCPU of every host has its own clock (host cycles). The scheduler repeatedly takes the
// busy pCPU with the smallest clock (ties: the lower global pCPU index) and lets its vCPU run one
// *chunk* through the executor (executor.ts): until the pCPU's clock reaches min(clock +
// CHUNK_CYCLES, end of the vCPU's time slice, the next fault-injection event, the cycle limit),
// or the vCPU halts, faults or yields. Stepping executes exactly the same sequence of
// instructions, one at a time, so running to the end and stepping agree.
// When only one pCPU in the whole simulation is busy (and no idle one is about to take a
// vCPU), nothing else can run between its chunks
// (a vCPU waiting for it waits for the end of the slice, which still ends the chunk), so its
// chunk runs to the end of the slice: the same result, without a return to the scheduler every
// 10,000 cycles (the fast engine then keeps a trapping loop inside one translated region).
// Work-conserving: no pCPU idles while a vCPU it may run waits. Chunks of different pCPUs run
// out of time order (up to a chunk apart), so an idle pCPU does not take a vCPU when asked but
// at the earliest cycle it could start one, once nothing can still happen before that cycle
// (`dispatchDue`): a busy pCPU behind it in time might free up or requeue a vCPU earlier.
// Running ahead (drive.ts) lets a pCPU go on into its next chunks at once while nothing it
// does can be seen by the others; it then keeps the start of the chunk it is in as its place in
// the order (`PcpuState.aheadStart`), which `beginChunk` honours.
import type { Machine, StopEvent } from './machine.js';
import type { MachineModel, VmModel } from './model.js';
import { ReadyQueueTimes, type ReadyTimes } from './ready-times.js';
import { latestClock, L_WAITING, type HostState, type PcpuState, type SimState, type VcpuState } from './state.js';
import { reason } from './stop-reason.js';
import { stopFields } from './machine/stops.js';

/** The lockstep granularity between pCPUs (see the top of this file). */
export const CHUNK_CYCLES = 10_000;
/** At most this many timeline slices are kept (the report downsamples anyway); `timelineTruncated` says so. */
export const MAX_TIMELINE = 200_000;

/** A `fail at` / `fail host at` of the definition. */
export interface FailEvent {
    time: number;
    kind: 'vm' | 'host';
    index: number;
}

export class Scheduler {
    /** Fault injections in time order (`SimState.nextEvent` is the next one due). */
    readonly events: FailEvent[] = [];
    /** Time used for waiting accrual while processing an event outside any pCPU. */
    private eventTime: number | undefined;
    /** When each host's waiting vCPUs became ready, kept as the queues change. */
    private readonly readyTimes: ReadyQueueTimes;
    /**
     * `firstIdle`'s answer (reused: it is asked at every chunk). `start` starts as a small
     * integer, not Infinity (it only ever holds a finite start): a field that held Infinity is a
     * double field, each of whose reads in code not yet optimized is a new heap number -- and the
     * start read from it went on into the pCPUs' clocks, making `time`, `runStart`, `sliceEnd`,
     * then the chunk ends and the vCPUs' counts double fields too (a heap number per read from
     * there on: ~1 MB per simulation of 1,000 VMs).
     */
    private readonly candidate: { cpu: PcpuState | undefined; start: number; behind: boolean } = { cpu: undefined, start: 0, behind: false };

    /**
     * Per host, how many of its pCPUs are idle -- derived from `idleOwner`'s pCPUs, kept as
     * dispatch and release change them (a restored snapshot is another state: counted afresh).
     * firstIdle runs at every chunk; with none idle it need not look at the pCPUs at all.
     */
    private idleCounts = new Int32Array(0);
    private idleOwner: SimState | undefined;

    constructor(private readonly model: MachineModel, private readonly machine: Machine, readonly maxCycles: number) {
        this.readyTimes = new ReadyQueueTimes(model);
        for (const vm of model.vms) if (vm.failAt !== undefined) this.events.push({ time: vm.failAt, kind: 'vm', index: vm.index });
        for (const h of model.hosts) if (h.failHostAt !== undefined) this.events.push({ time: h.failHostAt, kind: 'host', index: h.index });
        this.events.sort((a, b) => a.time - b.time || (a.kind === b.kind ? a.index - b.index : a.kind === 'host' ? -1 : 1));
    }

    /** The machine holds the state (a restored snapshot replaces it). */
    private get state() {
        return this.machine.state;
    }

    /** At cycle 0 (boot.ts): every pCPU takes the first runnable vCPU it may run. */
    start(): void {
        const s = this.state;
        for (const hs of s.hosts) for (const p of hs.pcpus) this.dispatch(s.pcpus[p], 0);
    }

    /** The next fault injection, if any is left. */
    nextEvent(): FailEvent | undefined {
        return this.events[this.state.nextEvent];
    }

    private eligible(vm: VmModel, cpu: PcpuState): boolean {
        return vm.pin ? vm.pin.includes(cpu.index) : cpu.index < vm.host.usablePcpus;
    }

    /**
     * The earliest cycle idle `cpu` could start a vCPU of its host's ready queue: its own clock,
     * or later when every vCPU it may run became ready after that (Infinity: none).
     */
    private startTime(cpu: PcpuState, ready: ReadyTimes = this.readyTimes.of(this.state, cpu.host)): number {
        const t = ready.at(cpu.index);
        return t === Infinity ? Infinity : Math.max(cpu.time, t);
    }

    /**
     * Idle `cpu` takes, at cycle `start`, the best vCPU it may run that is ready by then: the
     * first in the queue (round robin), or the smallest weighted run time, the first of equals
     * (credit).
     */
    private dispatch(cpu: PcpuState, start: number): void {
        const s = this.state;
        const hs = s.hosts[cpu.host];
        const credit = hs.model.scheduler.policy === 'credit';
        let best = -1;
        for (let i = 0; i < hs.ready.length; i++) {
            const v = s.vcpus[hs.ready[i]];
            if (v.readySince > start || !this.eligible(this.model.vms[v.vm], cpu)) continue;
            if (best < 0) {
                best = i;
                if (!credit) break;
            } else if (v.vruntime < s.vcpus[hs.ready[best]].vruntime) best = i;
        }
        if (best < 0) return;
        const v = s.vcpus[hs.ready[best]];
        hs.ready.splice(best, 1);
        this.readyTimes.removed(s, cpu.host, v);
        s.vms[v.vm].cycles[L_WAITING] += start - v.readySince;
        this.idle()[cpu.host]--;
        cpu.time = start;
        cpu.vcpu = v.id;
        cpu.runStart = start;
        cpu.sliceEnd = start + hs.model.scheduler.sliceCycles;
        v.pcpu = cpu.id;
        v.tlb.dispatched(cpu.id, v.id, cpu.lastVcpu, hs.model.taggedTlb);
        cpu.lastVcpu = v.id;
    }

    /**
     * Work conservation: every idle pCPU that has a vCPU to run takes it at the earliest cycle
     * it can (`startTime`) -- once that cycle is settled: when no busy pCPU of its host is behind
     * it any more (only they make vCPUs of the host ready, and never in their past; one that is
     * behind may still free up, or requeue a vCPU, earlier) and no fault injection comes first.
     * Earliest first; of equal starts, the pCPU that freed up last (it gave its vCPU back at that
     * cycle), then the lower index. Returns the earliest start still to come. Only hosts with
     * a waiting vCPU and an idle pCPU are looked at.
     */
    private dispatchDue(): number {
        const s = this.state;
        if (s.finished) return Infinity;
        for (;;) {
            let pending = Infinity;
            let idle: PcpuState | undefined;
            let start = Infinity;
            let event: FailEvent | undefined | null = null;
            // (index loops here and in beginChunk: they run at every chunk, and an iterator
            // allocates until the optimizing compiler takes the loop)
            for (let h = 0; h < s.hosts.length; h++) {
                const hs = s.hosts[h];
                if (hs.ready.length === 0 || !this.firstIdle(hs)) continue;
                const { cpu, start: t, behind } = this.candidate;
                if (event === null) event = this.dueEvent();
                // the conditions only grow more true with t: when the host's first start may not
                // be taken yet, none of its later ones may
                if (behind || t >= this.maxCycles || (event !== undefined && event.time <= t)) pending = Math.min(pending, t);
                else if (t < start || (t === start && cpu!.time > idle!.time)) {
                    start = t;
                    idle = cpu;
                }
            }
            if (!idle) return pending;
            this.dispatch(idle, start);
        }
    }

    /**
     * The idle pCPU of `hs` that comes first in dispatchDue's order, with its `startTime`, into
     * `candidate` (false when no idle pCPU has a vCPU to start), and whether a busy pCPU of the
     * host is still behind that start in the order (`behind`: then it may not be taken yet).
     * dispatchDue asks at every chunk, for a host with hundreds of pCPUs perhaps: the second pass
     * stops at the first busy pCPU behind.
     */
    private firstIdle(hs: HostState): boolean {
        const pcpus = this.state.pcpus;
        let start = Infinity;
        let first: PcpuState | undefined;
        let ready: ReadyTimes | undefined;
        let idle = this.idle()[hs.model.index];
        for (let i = 0; i < hs.pcpus.length && idle > 0; i++) {
            const cpu = pcpus[hs.pcpus[i]];
            if (cpu.vcpu >= 0) continue;
            idle--;
            ready ??= this.readyTimes.of(this.state, hs.model.index);
            const t = this.startTime(cpu, ready);
            if (t === Infinity) continue;
            if (t < start || (t === start && cpu.time > first!.time)) {
                start = t;
                first = cpu;
            }
        }
        if (first === undefined) return false;
        const c = this.candidate;
        c.cpu = first;
        c.start = start;
        c.behind = false;
        for (let i = 0; i < hs.pcpus.length; i++) {
            const cpu = pcpus[hs.pcpus[i]];
            if (cpu.vcpu >= 0 && (cpu.aheadStart >= 0 ? cpu.aheadStart : cpu.time) < start) {
                c.behind = true;
                break;
            }
        }
        return true;
    }

    /**
     * `idleCounts` of the current state (counted afresh for a new one). A typed array: an array
     * from `map` has another elements kind once `map` is optimized, and the code of dispatch and
     * firstIdle, optimized for the first, was thrown away in each new simulation's first chunks.
     */
    private idle(): Int32Array {
        const s = this.state;
        if (this.idleOwner !== s) {
            this.idleOwner = s;
            const counts = new Int32Array(s.hosts.length);
            for (let h = 0; h < s.hosts.length; h++) {
                for (const p of s.hosts[h].pcpus) if (s.pcpus[p].vcpu < 0) counts[h]++;
            }
            this.idleCounts = counts;
        }
        return this.idleCounts;
    }

    /** The next fault injection if it still has something to do. */
    private dueEvent(): FailEvent | undefined {
        const event = this.nextEvent();
        return event && event.time < this.maxCycles && this.state.vms.some((vm) => vm.status === 'running') ? event : undefined;
    }

    /** Takes a vCPU off its pCPU (recording the timeline); the pCPU is idle until `dispatchDue` gives it the next one. */
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
        this.idle()[cpu.host]++;
        cpu.vcpu = -1;
        v.pcpu = -1;
        return cpu;
    }

    /** Machine callback: a vCPU halted, faulted or was killed. */
    descheduled(v: VcpuState): void {
        const s = this.state;
        if (v.pcpu >= 0) {
            this.release(v);
            this.dispatchDue();
            return;
        }
        const hs = s.hosts[this.model.vms[v.vm].host.index];
        const i = hs.ready.indexOf(v.id);
        if (i >= 0) {
            hs.ready.splice(i, 1);
            this.readyTimes.removed(s, hs.model.index, v);
            const now = this.eventTime ?? this.machine.cpu.time;
            s.vms[v.vm].cycles[L_WAITING] += Math.max(0, now - v.readySince);
        }
    }

    /** The vCPU on `cpu` goes back to the ready queue (end of slice with others waiting, or yield). */
    private requeue(cpu: PcpuState): void {
        const s = this.state;
        const v = s.vcpus[cpu.vcpu];
        this.release(v);
        // a vCPU waiting in `hlt` (machine/interrupts.ts) is ready when its interrupt comes
        v.readySince = Math.max(cpu.time, v.wakeAt);
        const hs = s.hosts[cpu.host];
        hs.ready.push(v.id);
        this.readyTimes.added(s, cpu.host, v);
        this.dispatchDue();
    }

    /** Some vCPU `cpu` may run is ready by its clock (one that gets ready later finds an idle pCPU or waits for a slice end). */
    private othersWaitFor(cpu: PcpuState): boolean {
        return this.startTime(cpu) <= cpu.time;
    }

    /** Picks the next chunk (`state.current`, `state.chunkEnd`); false when the simulation is over. */
    beginChunk(): boolean {
        const s = this.state;
        for (;;) {
            // idle pCPUs take what is due first; one still to take something counts as busy
            const pending = this.dispatchDue();
            let busy = pending < Infinity ? 1 : 0;
            // the busy pCPU first in the order: the smallest clock, or chunk start for one ahead
            let cpu: PcpuState | undefined;
            let tmin = Infinity;
            for (let i = 0; i < s.pcpus.length; i++) {
                const p = s.pcpus[i];
                if (p.vcpu < 0) continue;
                busy++;
                const t = p.aheadStart >= 0 ? p.aheadStart : p.time;
                if (t < tmin) {
                    tmin = t;
                    cpu = p;
                }
            }
            const event = this.dueEvent();
            if (event && event.time <= Math.min(tmin, pending)) {
                s.nextEvent++;
                this.failure(event);
                continue;
            }
            if (Math.min(tmin, pending) >= this.maxCycles) {
                this.finish(tmin < Infinity || pending < Infinity ? this.maxCycles : undefined);
                return false;
            }
            if (!cpu) {
                // (not reached: with nobody busy, `dispatchDue` took what was due or an event comes first)
                this.finish(undefined);
                return false;
            }
            s.current = cpu.id;
            this.machine.cpu = cpu;
            if (cpu.aheadStart >= 0) {
                if (this.resumeAhead(cpu)) return true;
                continue;
            }
            // a lone busy pCPU has nobody to keep in step with: its chunk runs to the end of the slice
            let end = Math.min(busy === 1 ? Infinity : tmin + CHUNK_CYCLES, cpu.sliceEnd, this.maxCycles);
            if (event) end = Math.min(end, Math.max(event.time, tmin + 1));
            s.chunkEnd = Math.max(end, tmin + 1);
            return true;
        }
    }

    /**
     * It ran ahead into this chunk: the rest of it, now that its turn has come. False when the
     * chunk ended at once (the body it ran to the end of returned, and the vCPU halted).
     */
    private resumeAhead(cpu: PcpuState): boolean {
        const s = this.state;
        s.chunkEnd = cpu.aheadStart + CHUNK_CYCLES;
        cpu.aheadStart = -1;
        const v = s.vcpus[cpu.vcpu];
        if (returnPending(v)) {
            // the body it ran to the end of returns now, in its place in the order
            this.machine.finishFrame(v);
            if (cpu.vcpu !== v.id) {
                // it halted: the chunk ends there, as it would have
                s.current = -1;
                return false;
            }
        }
        return true;
    }

    /** The chunk on `cpu` is over: a yield or a slice end with others waiting requeues its vCPU. */
    endChunk(cpu: PcpuState): void {
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
                const why = event.kind === 'vm'
                    ? reason('injected-fault', event.time)
                    : reason('host-os-failed', host.hostOs?.name ?? '', host.name, event.time);
                this.machine.kill(vm, event.kind === 'vm' ? 'faulted' : 'host-failed', why);
                this.announce({ kind: event.kind === 'vm' ? 'fault' : 'host-failed', vm: vm.model.name, ...stopFields(why), time: event.time });
            }
        } finally {
            this.eventTime = undefined;
        }
    }

    /** Ends the simulation: `limit` for whatever still runs at the cycle limit or can never get a pCPU. */
    private finish(limit: number | undefined): void {
        const s = this.state;
        const end = limit ?? latestClock(s.pcpus);
        this.eventTime = end;
        try {
            // no pCPU takes new work from here on
            s.finished = true;
            for (const vm of s.vms) {
                if (vm.status !== 'running') continue;
                const why = limit !== undefined ? reason('cycle-limit', limit) : reason('no-pcpu');
                this.machine.kill(vm, 'limit', why);
                this.announce({ kind: 'limit', vm: vm.model.name, ...stopFields(why), time: end });
            }
        } finally {
            this.eventTime = undefined;
        }
        s.finished = true;
        s.current = -1;
    }

    private announce(stop: StopEvent): void {
        this.machine.stopEvent = stop;
        this.machine.listener.stop?.(stop);
    }
}

/** The vCPU's top body ran off its end while running ahead: its return is still to come. */
export function returnPending(v: VcpuState): boolean {
    const top = v.frames[v.frames.length - 1];
    return top !== undefined && top.code !== undefined && top.pc >= top.code.instrs.length;
}
