// Snapshots for time travel. The engine is deterministic and counts every executed instruction
// (`state.steps`, the canonical step counter), so any earlier point is "the nearest snapshot at
// or before it, then replay exactly that many steps". Snapshots are taken at every stop and
// periodically while running; when there are too many, every other old one is dropped, so the
// history stays bounded and denser near the present, where users step back.
import type { Simulation, Snapshot } from '../simulator/engine.js';

export interface HistoryEntry {
    steps: number;
    snapshot: Snapshot;
    /** Roughly what the copy holds: touched pages and timeline entries. */
    bytes: number;
}

/** At most this many snapshots are kept (each is a copy of the whole mutable state). */
export const MAX_SNAPSHOTS = 128;
/** And at most about this much memory: a guest that touches many pages gets fewer snapshots (longer replays). */
export const MAX_HISTORY_BYTES = 256 * 1024 * 1024;

/** The size of a snapshot: 4 KiB per touched page (guest and hypervisor memory), ~64 bytes per timeline slice. */
function sizeOf(snapshot: Snapshot): number {
    const s = snapshot.state;
    let pages = 0;
    for (const vm of s.vms) pages += vm.memory.touchedPages;
    for (const h of s.hosts) pages += h.memory.touchedPages;
    return pages * 4096 + s.timeline.length * 64 + 1024;
}

export class History {
    private entries: HistoryEntry[] = [];

    /** Starts a history whose earliest reachable point is the simulation's current state. */
    constructor(sim: Simulation) {
        this.reset(sim);
    }

    /** Forgets everything before now (after a register edit: earlier replays would lose the edit). */
    reset(sim: Simulation): void {
        const snapshot = sim.snapshot();
        this.entries = [{ steps: sim.state.steps, snapshot, bytes: sizeOf(snapshot) }];
    }

    /** Memory the snapshots hold, roughly. */
    get bytes(): number {
        return this.entries.reduce((sum, e) => sum + e.bytes, 0);
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
        const snapshot = sim.snapshot();
        this.entries.splice(i, 0, { steps, snapshot, bytes: sizeOf(snapshot) });
        if (this.entries.length > MAX_SNAPSHOTS) this.thin();
        // over the memory budget: drop the oldest after the start (never the start nor the newest)
        let total = this.bytes;
        while (total > MAX_HISTORY_BYTES && this.entries.length > 2) total -= this.entries.splice(1, 1)[0].bytes;
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
