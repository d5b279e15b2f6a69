// `vmdef run --trace` output in time order. The engine executes pCPU by pCPU, a chunk of up to
// 10,000 cycles at a time (a lone busy pCPU a whole slice), so transitions and console output
// arrive grouped by pCPU, not by time. Each is held here until no pCPU can still produce an
// earlier one — every busy pCPU's clock is past it (an idle pCPU only gets work at a busy one's
// time or later) — then written in order of time, ties by pCPU index, then as they came.

interface Pending {
    time: number;
    pcpu: number;
    seq: number;
    write: () => void;
}

export class TimeOrder {
    private pending: Pending[] = [];
    private seq = 0;

    /** Holds `write` (a line of output) made at `time` on pCPU `pcpu` (global index). */
    add(time: number, pcpu: number, write: () => void): void {
        this.pending.push({ time, pcpu, seq: this.seq++, write });
    }

    /** Writes, in order, everything that happened before `time` (nothing earlier can come now). */
    release(time: number): void {
        if (this.pending.length === 0) return;
        this.pending.sort((a, b) => a.time - b.time || a.pcpu - b.pcpu || a.seq - b.seq);
        let n = 0;
        while (n < this.pending.length && this.pending[n].time < time) this.pending[n++].write();
        this.pending = this.pending.slice(n);
    }

    /** Writes everything still held (the run is over). */
    flush(): void {
        this.release(Infinity);
    }
}

/** The clock of the busy pCPU furthest behind: no output can come from earlier (Infinity when none is busy). */
export function earliestPossible(pcpus: readonly { time: number; vcpu: number }[]): number {
    let time = Infinity;
    for (const p of pcpus) if (p.vcpu >= 0 && p.time < time) time = p.time;
    return time;
}
