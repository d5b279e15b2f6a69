// Interrupts as an input of the compared run (docs/language.md, Comparing with native). A timer
// or a device interrupts a guest at a time, and the time of a virtualized run differs from
// native (traps, exits, translation cost cycles): left alone, the tick lands at another guest
// instruction and every technique "diverges" on `pc`. Popek–Goldberg equivalence is about the
// guest's own behaviour, so compare treats interrupt delivery as an input, as a replay
// debugger does: the native run records at which of its guest instructions its kernel took
// each interrupt, and the virtualized run takes the same interrupt at the same instruction —
// its own timers still run (so `hlt` waits as it would), but the engine's one hook,
// `DeliveryGate` (state.ts), holds the interrupt until that instruction, and brings a late one
// in then. If the virtualized guest cannot take it there (the `popf` hole under `full`: the
// hypervisor still sees if = 0), that is the divergence.
import type { Simulation } from '../engine.js';
import { raiseInterrupt } from '../machine/interrupts.js';
import { vectorName } from '../machine/vectors.js';
import type { DeliveryGate, VcpuState } from '../state.js';
import type { Difference } from './guest-view.js';

/** One interrupt the native guest's kernel took: after how many of its guest instructions, and which. */
export interface Delivery {
    count: number;
    vector: number;
}

/** The native run's side: lets every interrupt in and records where. */
export class NativeDeliveries implements DeliveryGate {
    /** Every delivery seen, in order; the run is deterministic, so a replay meets the same ones again. */
    readonly list: Delivery[] = [];
    /** How many of `list` the run has made so far (restored with the run). */
    made = 0;

    allows(): boolean {
        return true;
    }

    delivered(v: VcpuState, vector: number): void {
        if (this.made === this.list.length) this.list.push({ count: v.instructions, vector });
        this.made++;
    }

    get mark(): number {
        return this.made;
    }

    set mark(made: number) {
        this.made = made;
    }
}

/** A virtualized run's side: each interrupt only at the instruction where native took it. */
export class VirtualDeliveries implements DeliveryGate {
    /** The index in the native list of the next interrupt to deliver. */
    next = 0;
    /** Probing how late a missed one comes (`difference`): let it in at any instruction, and say where it came. */
    private probing = false;
    private lateAt: number | undefined;

    constructor(private readonly native: NativeDeliveries) {}

    allows(v: VcpuState, vector: number): boolean {
        const d = this.native.list[this.next];
        return d !== undefined && d.vector === vector && (this.probing || d.count === v.instructions);
    }

    delivered(v: VcpuState): void {
        if (this.probing) this.lateAt = v.instructions;
        this.next++;
    }

    get mark(): number {
        return this.next;
    }

    set mark(next: number) {
        this.next = next;
    }

    /** Where the run must stop to take the next native interrupt in time: its count, if in (count, target]. */
    stopAt(count: number, target: number): number {
        const d = this.native.list[this.next];
        return d !== undefined && d.count > count && d.count < target ? d.count : target;
    }

    /**
     * At the instruction boundary where native took the next interrupt: if the virtualized
     * vCPU's own timer has not raised it yet, it arrives now; either way the gate opens here.
     */
    arrive(sim: Simulation, v: VcpuState): void {
        const d = this.native.list[this.next];
        if (d === undefined || d.count !== v.instructions || v.done) return;
        const irq = v.irq;
        if (!irq.vector.includes(d.vector)) {
            const i = irq.atVector.indexOf(d.vector);
            if (i >= 0) {
                irq.at.splice(i, 1);
                irq.atVector.splice(i, 1);
                raiseInterrupt(sim.machine, sim.state.vms[v.vm], d.vector, v.index);
            }
        }
        irq.due(v);
    }

    /** Native took the next interrupt after instruction `count`. */
    expectedAt(count: number): boolean {
        return this.native.list[this.next]?.count === count;
    }

    /** The native interrupt the run should have taken after instruction `count` and did not, if any. */
    missedAt(count: number): Delivery | undefined {
        const d = this.native.list[this.next];
        return d !== undefined && d.count <= count ? d : undefined;
    }

    /**
     * The divergence of missed delivery `d`: when the virtualized guest takes it after all (the
     * caller's `runOn` runs it on from here, bounded, and puts it back), or never.
     */
    difference(sim: Simulation, d: Delivery, runOn: (delivered: () => boolean) => void): Difference {
        this.probing = true;
        this.lateAt = undefined;
        const next = this.next;
        try {
            runOn(() => this.lateAt !== undefined);
        } finally {
            this.probing = false;
            this.next = next;
        }
        const late = this.lateAt;
        return {
            what: `interrupt ${vectorName(sim.model.hosts[0], d.vector)}`,
            native: `instruction ${d.count}`,
            virtual: late === undefined ? 'never' : `instruction ${late}`,
        };
    }
}
