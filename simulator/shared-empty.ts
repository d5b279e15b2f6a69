// One empty map that state objects hold until they put something in a map of their own. Most of
// a VM's maps stay empty for the whole simulation (a bare VM never turns paging on, never
// translates kernel code, never touches memory): 1,000 VMs made nine maps each, ~1.7 MB per
// simulation, allocated and then promoted to the old generation. Reading, iterating, `delete`
// and `clear` are all safe on the shared map (it is empty); a writer replaces it with a map of
// its own before its first `set` (`ownMap`). It is an ordinary Map, so code that reads either
// sees one hidden class.

const EMPTY: ReadonlyMap<unknown, unknown> = new Map<unknown, unknown>();

/** The shared empty map, typed for its holder (never `set` into it: see `ownMap`). */
export function sharedEmptyMap<K, V>(): Map<K, V> {
    return EMPTY as Map<K, V>;
}

/** `map` if it is the holder's own, else a new map to store in its place before writing. */
export function ownMap<K, V>(map: Map<K, V>): Map<K, V> {
    return map === EMPTY ? new Map<K, V>() : map;
}

/** A copy of `map` for a clone: the shared map while it is empty. */
export function copyMap<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
    return map.size === 0 ? sharedEmptyMap<K, V>() : new Map(map);
}
