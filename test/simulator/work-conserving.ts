// Work conservation, read off a run's timeline: a pCPU never idles while a vCPU it may run
// (pins allowing) is runnable and waits. vCPUs here never block: from cycle 0 a vCPU with a
// program is runnable until it is done, so it is done at the end of its last slice, and every
// moment before that it spends off a pCPU it waits. (A vCPU killed while it waits ends earlier
// than that estimate says, which can only hide a violation, never invent one; the scenarios of
// these tests kill nobody.)
import type { SimulationResult, TimelineSlice } from '../../simulator/result.js';

/** What the check needs to know of a hypervisor that the result does not say: where each VM may run. */
export interface HostShape {
    name: string;
    usablePcpus: number;
    /** Per VM name: the pCPUs it is pinned to (none: 0 … usable − 1). */
    pins: Map<string, number[] | undefined>;
}

/** A violation: `pcpu` of `hypervisor` idle over [start, end) while `vcpu` waited. */
export interface IdleWhileWaiting {
    hypervisor: string;
    pcpu: number;
    vcpu: string;
    start: number;
    end: number;
}

/** Every stretch of time in which a pCPU idled while a vCPU it may run waited (none: work-conserving). */
export function idleWhileWaiting(result: SimulationResult, host: HostShape): IdleWhileWaiting[] {
    const slices = result.timeline.filter((s) => s.hypervisor === host.name);
    const byVcpu = groupBy(slices, (s) => `${s.vm}/vcpu${s.vcpu}`);
    const byPcpu = groupBy(slices, (s) => String(s.pcpu));
    const found: IdleWhileWaiting[] = [];
    for (const [vcpu, own] of byVcpu) {
        const waits = gaps(own, 0, own[own.length - 1].end);
        const vm = own[0].vm;
        for (const pcpu of mayRunOn(host, vm)) {
            const idle = gaps(byPcpu.get(String(pcpu)) ?? [], 0, Infinity);
            for (const w of waits) {
                for (const i of idle) {
                    const start = Math.max(w.start, i.start);
                    const end = Math.min(w.end, i.end);
                    if (start < end) found.push({ hypervisor: host.name, pcpu, vcpu, start, end });
                }
            }
        }
    }
    return found.sort((a, b) => a.start - b.start || a.pcpu - b.pcpu);
}

/** Per VM of the host: the cycles its vCPUs spent off a pCPU before they were done, by the timeline. */
export function waitingByTimeline(result: SimulationResult, host: string): Map<string, number> {
    const byVcpu = groupBy(result.timeline.filter((s) => s.hypervisor === host), (s) => `${s.vm}/vcpu${s.vcpu}`);
    const waiting = new Map<string, number>();
    for (const own of byVcpu.values()) {
        const total = gaps(own, 0, own[own.length - 1].end).reduce((n, g) => n + g.end - g.start, 0);
        waiting.set(own[0].vm, (waiting.get(own[0].vm) ?? 0) + total);
    }
    return waiting;
}

function mayRunOn(host: HostShape, vm: string): number[] {
    return host.pins.get(vm) ?? Array.from({ length: host.usablePcpus }, (_, i) => i);
}

/** The stretches of [from, to) not covered by `slices`. */
function gaps(slices: readonly TimelineSlice[], from: number, to: number): { start: number; end: number }[] {
    const sorted = [...slices].sort((a, b) => a.start - b.start);
    const out: { start: number; end: number }[] = [];
    let at = from;
    for (const s of sorted) {
        if (s.start > at) out.push({ start: at, end: Math.min(s.start, to) });
        at = Math.max(at, s.end);
    }
    if (at < to) out.push({ start: at, end: to });
    return out.filter((g) => g.start < g.end);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const item of items) {
        const k = key(item);
        const list = groups.get(k);
        if (list) list.push(item);
        else groups.set(k, [item]);
    }
    return groups;
}
