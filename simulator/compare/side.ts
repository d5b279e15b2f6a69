// One run of the compared guest (native, or under one technique), advanced guest instruction by
// guest instruction: a step after which the guest's vCPU is back in a guest frame completes one
// (however many hypervisor steps it took), and the state there is folded into a running hash,
// so a whole chunk of instructions is compared by two numbers (lockstep.ts).
import type { Instr } from '../cpu/code.js';
import type { Simulation, Snapshot } from '../engine.js';
import { atGuestBoundary, foldGuestState, hideTiming, nextGuestInstruction } from './guest-view.js';

/** Where a side was: enough to replay from there exactly. */
export interface Mark {
    snapshot: Snapshot;
    count: number;
    hash: number;
    last: Instr | undefined;
    next: Instr | undefined;
}

export class Side {
    /** Guest instructions completed. */
    count = 0;
    hash = 0x811c9dc5;
    /** The guest instruction completed last, and the one about to run. */
    last: Instr | undefined;
    next: Instr | undefined;

    constructor(
        readonly sim: Simulation,
        /** The vCPU compared (global id in this simulation). */
        readonly vcpu: number,
        private readonly strictTiming: boolean,
    ) {
        this.next = nextGuestInstruction(sim.state.vcpus[vcpu]);
    }

    get finished(): boolean {
        return this.sim.finished;
    }

    /** Runs until `target` guest instructions completed or the simulation ended. */
    advance(target: number): void {
        if (this.count >= target) return;
        const v = this.sim.state.vcpus[this.vcpu];
        const vm = this.sim.state.vms[v.vm];
        this.sim.runUntil({
            predicate: () => {
                if (!atGuestBoundary(v)) return false;
                this.count++;
                this.last = this.next;
                if (!this.strictTiming) hideTiming(v, this.last, this.count);
                this.hash = foldGuestState(this.hash, v, vm);
                this.next = nextGuestInstruction(v);
                return this.count >= target;
            },
        });
    }

    mark(): Mark {
        return { snapshot: this.sim.snapshot(), count: this.count, hash: this.hash, last: this.last, next: this.next };
    }

    restore(mark: Mark): void {
        this.sim.restore(mark.snapshot);
        this.count = mark.count;
        this.hash = mark.hash;
        this.last = mark.last;
        this.next = mark.next;
    }

    /** Cycles its VM ran (every layer but waiting). */
    get cycles(): number {
        const c = this.sim.state.vms[0].cycles;
        return c[0] + c[1] + c[2] + c[3];
    }
}
