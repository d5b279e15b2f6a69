// Tables of counts keyed by user text (hypercall names, exit reasons). A plain `{}` inherits
// `constructor`, `toString`, `__proto__` … from Object.prototype, so a hypercall named
// `constructor` would count from a function and one named `__proto__` would vanish: these
// tables inherit from an empty object that has no prototype itself, so every name is a key like
// any other. JSON.stringify writes them as usual. (Not `Object.create(null)`: V8 keeps such an
// object in dictionary mode, a hash lookup on every count — a VM exit counts one, issue 9.)

export type Counts = Record<string, number>;

/** What every table inherits: nothing (an empty object without a prototype of its own). */
const NOTHING: object = Object.freeze(Object.create(null));

/** An empty table (nothing inherited). */
export function newCounts(): Counts {
    return Object.create(NOTHING) as Counts;
}

/**
 * The table of an owner that has counted nothing of a kind yet: one for all (most VMs make no
 * hypercall and take no fault; 1,000 VMs made two empty tables each). Frozen: counting into it
 * throws; an owner counts into `owned(table)`.
 */
export const NO_COUNTS: Readonly<Counts> = Object.freeze(newCounts());

/** `counts`, or a new table in place of NO_COUNTS: the table an owner adds to (and keeps). */
export function owned(counts: Readonly<Counts>): Counts {
    return counts === NO_COUNTS ? newCounts() : (counts as Counts);
}

/** A copy of `from`, inheriting nothing (from the state for a result, or a snapshot). */
export function copyCounts(from: Readonly<Counts> | undefined): Counts {
    const to = newCounts();
    // for-in, not Object.keys: no array of the keys per copy (a result copies three tables per
    // VM); a table inherits nothing, so it sees the table's own keys, in the same order
    if (from) for (const key in from) to[key] = from[key];
    return to;
}

/** Adds `n` to `key`'s count (nothing inherited: a key is its own or absent, no own-property test needed). */
export function addCount(counts: Counts, key: string, n = 1): void {
    counts[key] = (counts[key] ?? 0) + n;
}
