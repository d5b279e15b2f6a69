// When the vCPUs waiting in a host's ready queue became ready, as each pCPU of the host sees it:
// the figure the scheduler's dispatch rule reads at every chunk (`Scheduler.dispatchDue`). It is
// kept up to date as the queues change rather than recounted from the whole queue each time —
// with 1,000 VMs on one host that was a thousand-entry pass per chunk.
import type { MachineModel } from './model.js';
import type { SimState, VcpuState } from './state.js';

/** The earliest of a multiset of times and how many are at it, so most removals keep it exact. */
class Earliest {
    at = Infinity;
    private count = 0;

    add(time: number): void {
        if (time < this.at) {
            this.at = time;
            this.count = 1;
        } else if (time === this.at) this.count++;
    }

    /** False when the last time at the earliest left: the earliest is no longer known. */
    remove(time: number): boolean {
        return time > this.at || --this.count > 0;
    }
}

/**
 * When the first vCPU each pCPU of a host may run became ready (Infinity: none): one figure for
 * the unpinned vCPUs (they may run on every usable pCPU), one per pCPU some pinned vCPU names
 * (the rule of `Scheduler.eligible`, for a whole queue).
 */
export class ReadyTimes {
    private readonly unpinned = new Earliest();
    private readonly pinned = new Map<number, Earliest>();

    constructor(private readonly usablePcpus: number) {}

    add(pin: readonly number[] | undefined, readySince: number): void {
        if (!pin) {
            this.unpinned.add(readySince);
            return;
        }
        for (const index of pin) {
            let earliest = this.pinned.get(index);
            if (!earliest) this.pinned.set(index, (earliest = new Earliest()));
            earliest.add(readySince);
        }
    }

    /** False when a figure is no longer known (then build the times afresh). */
    remove(pin: readonly number[] | undefined, readySince: number): boolean {
        if (!pin) return this.unpinned.remove(readySince);
        let known = true;
        for (const index of pin) known = this.pinned.get(index)!.remove(readySince) && known;
        return known;
    }

    /** For the pCPU of this index in its host. */
    at(index: number): number {
        const unpinned = index < this.usablePcpus ? this.unpinned.at : Infinity;
        // most hosts pin nothing: no lookup (this runs for every idle pCPU at every chunk)
        return this.pinned.size === 0 ? unpinned : Math.min(unpinned, this.pinned.get(index)?.at ?? Infinity);
    }
}

/**
 * Every host's `ReadyTimes`, told of each change of its ready queue (`added`, `removed`) and
 * rebuilt from the queue only when a figure got lost, or for another state (a restored
 * snapshot replaces the state: everything is rebuilt from it).
 */
export class ReadyQueueTimes {
    private owner: SimState | undefined;
    /**
     * Per host, a slot from the start: an empty array that objects are stored into later changes
     * its elements kind (its map) in each new simulation -- a deoptimization of the scheduler's
     * code that reads it, in every simulation's first chunks.
     */
    private readonly hosts: (ReadyTimes | undefined)[] = [];

    constructor(private readonly model: MachineModel) {
        for (let h = 0; h < model.hosts.length; h++) this.hosts.push(undefined);
    }

    /** Host `host`'s times in `state`. */
    of(state: SimState, host: number): ReadyTimes {
        this.own(state);
        let times = this.hosts[host];
        if (!times) {
            times = new ReadyTimes(this.model.hosts[host].usablePcpus);
            for (const id of state.hosts[host].ready) this.addVcpu(times, state.vcpus[id]);
            this.hosts[host] = times;
        }
        return times;
    }

    /** `v` joined its host's queue (at its `readySince`). */
    added(state: SimState, host: number, v: VcpuState): void {
        this.own(state);
        const times = this.hosts[host];
        if (times) this.addVcpu(times, v);
    }

    /** `v` left its host's queue. */
    removed(state: SimState, host: number, v: VcpuState): void {
        this.own(state);
        const times = this.hosts[host];
        if (times && !times.remove(this.model.vms[v.vm].pin, v.readySince)) this.hosts[host] = undefined;
    }

    private addVcpu(times: ReadyTimes, v: VcpuState): void {
        times.add(this.model.vms[v.vm].pin, v.readySince);
    }

    private own(state: SimState): void {
        if (this.owner === state) return;
        this.owner = state;
        this.hosts.fill(undefined);
    }
}
