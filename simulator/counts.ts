// Tables of counts keyed by user text (hypercall names, exit reasons). A plain `{}` inherits
// `constructor`, `toString`, `__proto__` … from Object.prototype, so a hypercall named
// `constructor` would count from a function and one named `__proto__` would vanish: these
// tables have no prototype, and every name is a key like any other. JSON.stringify writes
// them as usual.

export type Counts = Record<string, number>;

/** An empty table (no prototype). */
export function newCounts(): Counts {
    return Object.create(null) as Counts;
}

/** A copy of `from` without a prototype (from the state for a result, or a snapshot). */
export function copyCounts(from: Readonly<Counts> | undefined): Counts {
    const to = newCounts();
    if (from) for (const key of Object.keys(from)) to[key] = from[key];
    return to;
}

/** Adds `n` to `key`'s count (a table without prototype: a key is its own or absent, no own-property test needed). */
export function addCount(counts: Counts, key: string, n = 1): void {
    counts[key] = (counts[key] ?? 0) + n;
}
