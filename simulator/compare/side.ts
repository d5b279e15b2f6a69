// One run of the compared guest (native, or under one technique), advanced by its guest
// instructions (`VcpuState.instructions`: every instruction of a guest layer started, however
// many hypervisor steps it took; an interrupt entering the kernel's handler is not one).
//
// Two ways, one result (lockstep.ts):
// - `advance` (a chunk, at full speed on the fast engine): step budgets, no predicate — a budget
//   of N steps can complete at most N guest instructions, so a few budgets end the chunk exactly
//   at its Nth instruction. The guest's sensitive instructions (the only ones whose effect depends
//   on the technique: where a divergence can start) are instruction breakpoints, which the fast
//   engine stops before at full speed; each one runs alone and the guest state after it is folded
//   into a running hash, so a difference that a later instruction overwrites is still seen.
// - `advanceExactly` (the replay of a chunk that differs): one guest instruction at a time on the
//   interpreter, the whole state compared after each.
import { CLS_SIMPLE, OP, type Instr } from '../cpu/code.js';
import type { Simulation, Snapshot } from '../engine.js';
import type { VcpuState } from '../state.js';
import { atGuestBoundary, foldSample, hideTiming, nextGuestInstruction } from './guest-view.js';
import { VirtualDeliveries, type NativeDeliveries } from './interrupt-input.js';

/** Where a side was: enough to replay from there exactly. */
export interface Mark {
    snapshot: Snapshot;
    hash: number;
    last: Instr | undefined;
    deliveries: number;
}

export class Side {
    /** The running hash of the guest state after each sensitive instruction. */
    hash = 0x811c9dc5;
    /** The guest instruction completed last (known after `advanceExactly`, and after a sensitive one). */
    last: Instr | undefined;

    constructor(
        readonly sim: Simulation,
        /** The vCPU compared (global id in this simulation). */
        readonly vcpu: number,
        private readonly strictTiming: boolean,
        /** Its interrupts: recorded (native) or held to native's (virtualized). */
        readonly deliveries: NativeDeliveries | VirtualDeliveries,
    ) {
        sim.state.vcpus[vcpu].irq.gate = deliveries;
        sim.setInstructionBreakpoints(sensitivePlaces(sim));
    }

    /** The compared vCPU (its state object changes with `restore`). */
    get v(): VcpuState {
        return this.sim.state.vcpus[this.vcpu];
    }

    /** Guest instructions completed (started, and back in the guest or done). */
    get count(): number {
        return this.v.instructions;
    }

    get finished(): boolean {
        return this.sim.finished;
    }

    /** Its interrupt gate when it is a virtualized run. */
    private get virtual(): VirtualDeliveries | undefined {
        return this.deliveries instanceof VirtualDeliveries ? this.deliveries : undefined;
    }

    /** Nothing more can count: the simulation ended or the compared vCPU is done. */
    private get stopped(): boolean {
        return this.sim.finished || this.v.done;
    }

    /**
     * Runs at full speed until `target` guest instructions completed or the run ended. The last
     * one runs alone, so `last` is known at every chunk's end (a replay reports it).
     */
    advance(target: number): void {
        const sim = this.sim;
        const virtual = this.virtual;
        while (this.count < target && !this.stopped) {
            const v = this.v;
            const boundary = atGuestBoundary(v);
            if (boundary) virtual?.arrive(sim, v);
            if (boundary && (this.count === target - 1 || nextGuestInstruction(v)?.bp === true)) {
                this.stepOne();
                continue;
            }
            const goal = virtual ? virtual.stopAt(this.count, target - 1) : target - 1;
            const stop = sim.runUntil({ breakpoints: true, maxSteps: Math.max(1, goal - this.count) });
            // another vCPU's sensitive instruction: not compared, passed
            if (stop.reason === 'breakpoint' && stop.vcpu !== this.vcpu) sim.runUntil({ maxSteps: 1 });
            // the budget ended inside the hypervisor's work for the last instruction: finish it
            if (this.count >= goal && !atGuestBoundary(this.v)) sim.runUntil({ predicate: () => atGuestBoundary(this.v) });
        }
    }

    /** Runs one guest instruction at a time until `target` completed or the run ended (the replay). */
    advanceExactly(target: number): void {
        const virtual = this.virtual;
        while (this.count < target && !this.stopped) {
            virtual?.arrive(this.sim, this.v);
            this.stepOne();
        }
    }

    /**
     * The next guest instruction, alone (by the interpreter), up to the boundary after it; a
     * sensitive one is folded into the hash. An interrupt entering the kernel first is no
     * instruction: then the handler's first one runs.
     */
    private stepOne(): void {
        const before = this.count;
        let ins = nextGuestInstruction(this.v);
        this.sim.runUntil({
            predicate: () => {
                const v = this.v;
                if (!atGuestBoundary(v)) return false;
                if (v.instructions > before) return true;
                ins = nextGuestInstruction(v);
                return false;
            },
        });
        if (this.count === before) return;
        this.last = ins;
        const v = this.v;
        if (!this.strictTiming) hideTiming(v, ins, this.count);
        if (ins?.bp === true) this.hash = foldSample(this.hash, this.count, v, this.sim.state.vms[v.vm]);
    }

    mark(): Mark {
        return { snapshot: this.sim.snapshot(), hash: this.hash, last: this.last, deliveries: this.deliveries.mark };
    }

    restore(mark: Mark): void {
        this.sim.restore(mark.snapshot);
        this.hash = mark.hash;
        this.last = mark.last;
        this.deliveries.mark = mark.deliveries;
    }

    /** Cycles its VM ran (every layer but waiting). */
    get cycles(): number {
        const c = this.sim.state.vms[0].cycles;
        return c[0] + c[1] + c[2] + c[3];
    }
}

/**
 * The guest's sensitive instructions (privileged, sensitive, revealing; hypercalls): in the
 * bodies a guest layer runs (programs, its kernel's syscalls, handlers and boot), not the
 * monitor's or the host's, whose instructions are not the guest's.
 */
function sensitivePlaces(sim: Simulation): { code: number; pc: number }[] {
    const places: { code: number; pc: number }[] = [];
    for (const code of sim.codes) {
        if (code.kind !== 'program' && code.kind !== 'syscall') continue;
        code.instrs.forEach((ins, pc) => {
            if (ins.cls !== CLS_SIMPLE || ins.op === OP.hypercall) places.push({ code: code.id, pc });
        });
    }
    return places;
}
