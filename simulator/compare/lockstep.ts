// The lockstep of `vmdef compare`: the native run and every technique's run advance chunk by
// chunk (CHUNK guest instructions at the fast engine's full speed, with a running hash of the
// guest state after each sensitive instruction: side.ts); a chunk whose end differs (state,
// hash, or an interrupt the virtualized run did not take where native did: interrupt-input.ts)
// is replayed from its start one guest instruction at a time, comparing the whole guest state
// (guest-view.ts) after each, which pinpoints the first instruction that diverged.
import type { Instr } from '../cpu/code.js';
import { diffGuests, guestPlace, guestState, type Difference, type GuestState } from './guest-view.js';
import type { VirtualDeliveries } from './interrupt-input.js';
import type { Mark, Side } from './side.js';

/** Guest instructions per chunk: big enough that snapshots cost nothing, small enough to replay in a blink. */
export const CHUNK = 20_000;

export interface Outcome {
    /** The first divergence: the instruction that completed just before it, and what differs. */
    divergence?: {
        instruction: Instr | undefined;
        difference: Difference;
        /** Where the virtualized guest is right after it (what a debugger running it stops at). */
        place: { instructions: number; code: string; pc: number };
        /** The native guest's registers and flags there. */
        native: Record<string, number>;
        /** Both runs' guest states there (the editor's side-by-side view). */
        states: { native: GuestState; virtual: GuestState };
    };
    /** Native cycles at the same guest instruction as the run's end. */
    nativeCycles: number;
}

/** A run still compared, with its outcome once it has one. */
export interface Lane {
    side: Side;
    outcome?: Outcome;
}

/** Compares every lane with `native` up to `maxInstructions` guest instructions or the end. */
export function lockstep(native: Side, lanes: Lane[], maxInstructions: number): void {
    let target = 0;
    while (lanes.some((l) => !l.outcome)) {
        target = Math.min(target + CHUNK, maxInstructions);
        const nativeStart = native.mark();
        native.advance(target);
        const nativeEnd = native.mark();
        for (const lane of lanes) {
            if (lane.outcome) continue;
            const start = lane.side.mark();
            lane.side.advance(target);
            if (!agree(native, lane.side, target)) {
                native.restore(nativeStart);
                lane.side.restore(start);
                lane.outcome = replay(native, lane.side, target, maxInstructions);
                native.restore(nativeEnd);
            }
            if (!lane.outcome && ended(native, lane.side, target, maxInstructions)) lane.outcome = { nativeCycles: native.cycles };
        }
        // a chunk's end that matched and a divergence found before it leave `native` at `target`
    }
}

/**
 * The reference the chunks must agree with (`CompareOptions.everyInstruction`): every lane
 * compared with native one guest instruction at a time from the start, the whole state each time.
 */
export function lockstepEveryInstruction(native: Side, lanes: Lane[], maxInstructions: number): void {
    const start = native.mark();
    // where native takes its interrupts, as the chunks know them (native runs a chunk ahead)
    native.advance(maxInstructions);
    for (const lane of lanes) {
        native.restore(start);
        lane.outcome = replay(native, lane.side, maxInstructions, maxInstructions) ?? { nativeCycles: native.cycles };
    }
}

/** The chunk ends the same way on both sides, and the virtualized run took native's interrupts. */
function agree(native: Side, side: Side, target: number): boolean {
    return native.count === side.count && native.hash === side.hash && virtualOf(side).missedAt(target - 1) === undefined
        && diffGuests(native.sim, side.sim) === undefined;
}

/** Nothing more to compare: either run ended (`limit`, halted, …) or the instruction limit. */
function ended(native: Side, side: Side, target: number, maxInstructions: number): boolean {
    return native.finished || side.finished || target >= maxInstructions || native.count < target || side.count < target;
}

/**
 * Replays a chunk one guest instruction at a time until the first difference (up to `target`);
 * none found (the chunk differed only by where a cycle limit cut a run): undefined, and both
 * runs are at the chunk's end.
 */
function replay(native: Side, side: Side, target: number, maxInstructions: number): Outcome | undefined {
    const gate = virtualOf(side);
    while ((native.count < target || side.count < target) && !limited(native) && !limited(side)) {
        const before = native.count;
        if (side.count === before && gate.expectedAt(before)) {
            const missed = missedInterrupt(native, side, maxInstructions);
            if (missed) return missed;
        }
        native.advanceExactly(before + 1);
        side.advanceExactly(before + 1);
        // a cycle limit is not something the guest did
        if (limited(native) || limited(side)) break;
        const difference = diffGuests(native.sim, side.sim) ?? countDifference(native, side);
        if (difference) {
            // the popf hole: `if` differs, and native takes an interrupt right there that the
            // virtualized guest cannot — the interrupt is the divergence that matters
            // (native's deliveries are known only up to where it ran: look one instruction ahead)
            const missed = side.count === native.count ? missedInterrupt(native, side, maxInstructions) : undefined;
            return missed ?? outcome(native, side, side.last ?? native.last, difference);
        }
        if (native.count === before) break;
    }
    if (limited(native) || limited(side)) return { nativeCycles: native.cycles };
    return undefined;
}

/**
 * Both runs are at the boundary where native takes its next interrupt: the divergence if the
 * virtualized run does not take it there (reported at the instruction before; both runs stay there).
 */
function missedInterrupt(native: Side, side: Side, maxInstructions: number): Outcome | undefined {
    const gate = virtualOf(side);
    const at = side.count;
    const completed = side.last;
    const marks = [native.mark(), side.mark()] as const;
    native.advanceExactly(at + 1);
    side.advanceExactly(at + 1);
    const missed = gate.missedAt(at);
    native.restore(marks[0]);
    side.restore(marks[1]);
    if (!missed) return undefined;
    const difference = gate.difference(side.sim, missed, (delivered) => runOn(side, delivered, maxInstructions));
    return outcome(native, side, completed, difference);
}

function outcome(native: Side, side: Side, instruction: Instr | undefined, difference: Difference): Outcome {
    const states = { native: guestState(native.sim, native.vcpu), virtual: guestState(side.sim, side.vcpu) };
    const divergence = { instruction, difference, place: guestPlace(side.sim, side.vcpu), native: states.native.values, states };
    return { divergence, nativeCycles: native.cycles };
}

/** Guest instructions a missed interrupt is waited for, to tell late from never. */
const LATE_BOUND = 10 * CHUNK;

/** Runs `side` on (chunk by chunk, at most LATE_BOUND instructions) until `delivered`, then puts it back. */
function runOn(side: Side, delivered: () => boolean, maxInstructions: number): void {
    const mark = side.mark();
    const bound = Math.min(side.count + LATE_BOUND, Math.max(maxInstructions, side.count));
    while (!delivered() && !side.finished && side.count < bound) {
        const before = side.count;
        side.advance(Math.min(before + CHUNK, bound));
        if (side.count === before) break;
    }
    side.restore(mark);
}

function virtualOf(side: Side): VirtualDeliveries {
    return side.deliveries as VirtualDeliveries;
}

function limited(s: Side): boolean {
    return s.sim.state.vms[0].status === 'limit';
}

/** One run ended (not by a cycle limit) where the other went on. */
function countDifference(native: Side, side: Side): Difference | undefined {
    const status = (s: Side): string => s.sim.state.vms[0].status;
    if (native.count === side.count || (native.finished && side.finished && status(native) === status(side))) return undefined;
    return { what: 'status', native: status(native), virtual: status(side) };
}

export type { Mark };
