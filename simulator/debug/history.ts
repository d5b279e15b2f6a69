// Snapshots for time travel. The engine is deterministic and counts every executed instruction
// (`state.steps`, the canonical step counter), so any earlier point is "the nearest snapshot at
// or before it, then replay exactly that many steps". Snapshots are taken at every stop and
// periodically while running; when there are too many, every other old one is dropped, so the
// history stays bounded and denser near the present, where users step back.
import type { Simulation, Snapshot } from '../engine.js';

export interface HistoryEntry {
    steps: number;
    snapshot: Snapshot;
}

/** At most this many snapshots are kept (each is a copy of the whole mutable state). */
export const MAX_SNAPSHOTS = 128;

export class History {
    private entries: HistoryEntry[] = [];

    /** Starts a history whose earliest reachable point is the simulation's current state. */
    constructor(sim: Simulation) {
        this.reset(sim);
    }

    /** Forgets everything before now (after a register edit: earlier replays would lose the edit). */
    reset(sim: Simulation): void {
        this.entries = [{ steps: sim.state.steps, snapshot: sim.snapshot() }];
    }

    /** The earliest step count time travel can reach. */
    get start(): number {
        return this.entries[0].steps;
    }

    get size(): number {
        return this.entries.length;
    }

    /** The latest step count a snapshot holds. */
    get latest(): number {
        return this.entries[this.entries.length - 1].steps;
    }

    /** Records the current state unless a snapshot of this step count exists. */
    record(sim: Simulation): void {
        const steps = sim.state.steps;
        let i = this.entries.length;
        while (i > 0 && this.entries[i - 1].steps > steps) i--;
        if (i > 0 && this.entries[i - 1].steps === steps) return;
        this.entries.splice(i, 0, { steps, snapshot: sim.snapshot() });
        if (this.entries.length > MAX_SNAPSHOTS) this.thin();
    }

    /** The snapshot nearest at or before `steps`. */
    nearest(steps: number): HistoryEntry {
        let best = this.entries[0];
        for (const e of this.entries) {
            if (e.steps <= steps) best = e;
            else break;
        }
        return best;
    }

    /** Snapshots strictly before `steps`, latest first (reverse continue scans them backwards). */
    before(steps: number): HistoryEntry[] {
        return this.entries.filter((e) => e.steps < steps).reverse();
    }

    /** Drops every other snapshot of the older half; the first (the history's start) stays. */
    private thin(): void {
        const half = Math.floor(this.entries.length / 2);
        const kept: HistoryEntry[] = [this.entries[0]];
        for (let i = 1; i < half; i++) if (i % 2 === 0) kept.push(this.entries[i]);
        this.entries = kept.concat(this.entries.slice(half));
    }
}
