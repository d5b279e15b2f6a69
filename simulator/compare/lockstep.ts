// The lockstep of `vmdef compare`: the native run and every technique's run advance chunk by
// chunk (CHUNK guest instructions, one running hash each: side.ts); a chunk whose end differs
// is replayed from its start one guest instruction at a time, comparing the whole guest state
// (guest-view.ts) after each, which pinpoints the first instruction that diverged.
import type { Instr } from '../cpu/code.js';
import { diffGuests, guestPlace, guestState, type Difference, type GuestState } from './guest-view.js';
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
            if (!agree(native, lane.side)) {
                native.restore(nativeStart);
                lane.side.restore(start);
                lane.outcome = replay(native, lane.side, target);
                native.restore(nativeEnd);
            } else if (ended(native, lane.side, target, maxInstructions)) {
                lane.outcome = { nativeCycles: native.cycles };
            }
        }
        // a chunk's end that matched and a divergence found before it leave `native` at `target`
    }
}

/** The chunk ends the same way on both sides. */
function agree(native: Side, side: Side): boolean {
    return native.count === side.count && native.hash === side.hash && diffGuests(native.sim, side.sim) === undefined;
}

/** Nothing more to compare: either run ended (`limit`, halted, …) or the instruction limit. */
function ended(native: Side, side: Side, target: number, maxInstructions: number): boolean {
    return native.finished || side.finished || target >= maxInstructions || native.count < target || side.count < target;
}

/** Replays a chunk one guest instruction at a time until the first difference (up to `target`). */
function replay(native: Side, side: Side, target: number): Outcome {
    while ((native.count < target || side.count < target) && !limited(native) && !limited(side)) {
        const before = native.count;
        native.advance(before + 1);
        side.advance(before + 1);
        // a cycle limit is not something the guest did
        if (limited(native) || limited(side)) break;
        const difference = diffGuests(native.sim, side.sim) ?? countDifference(native, side);
        if (difference) {
            const states = { native: guestState(native.sim, native.vcpu), virtual: guestState(side.sim, side.vcpu) };
            const divergence = { instruction: side.last ?? native.last, difference, place: guestPlace(side.sim, side.vcpu), native: states.native.values, states };
            return { divergence, nativeCycles: native.cycles };
        }
        if (native.count === before) break;
    }
    // the running hashes differed but no state did: a cycle limit cut one run short of the other
    return { nativeCycles: native.cycles };
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
