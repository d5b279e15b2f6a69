// Units of quantities (LANGUAGE.md §2). One table per dimension; the validator reports a
// quantity whose unit is missing or of the wrong dimension.
import type { Quantity } from './generated/ast.js';

export type Dimension = 'memory' | 'time' | 'frequency' | 'cpus';

// Maps, not objects: a unit is user text, and `constructor` or `__proto__` must not be found
// on Object.prototype.
const UNITS: ReadonlyMap<Dimension, ReadonlyMap<string, number>> = new Map<Dimension, ReadonlyMap<string, number>>([
    ['memory', new Map([['B', 1], ['KiB', 1024], ['MiB', 1024 ** 2], ['GiB', 1024 ** 3], ['TiB', 1024 ** 4]])],
    ['time', new Map([['ns', 1], ['us', 1e3], ['ms', 1e6], ['s', 1e9]])],
    ['frequency', new Map([['MHz', 1e6], ['GHz', 1e9]])],
    ['cpus', new Map([['cpu', 1], ['cpus', 1], ['pcpu', 1], ['pcpus', 1]])],
]);

export function unitsOf(dimension: Dimension): string[] {
    return [...UNITS.get(dimension)!.keys()];
}

/** Each unit's dimension (the first table that has it), looked up for every quantity. */
const DIMENSIONS: ReadonlyMap<string, Dimension> = (() => {
    const dimensions = new Map<string, Dimension>();
    for (const [dimension, units] of UNITS) for (const unit of units.keys()) if (!dimensions.has(unit)) dimensions.set(unit, dimension);
    return dimensions;
})();

export function dimensionOf(unit: string | undefined): Dimension | undefined {
    return unit ? DIMENSIONS.get(unit) : undefined;
}

/** The quantity in base units (bytes, nanoseconds, hertz, cpus), or undefined if its unit is not of `dimension`. */
export function toBase(quantity: Quantity | undefined, dimension: Dimension): number | undefined {
    if (!quantity?.unit) return undefined;
    const factor = UNITS.get(dimension)!.get(quantity.unit);
    return factor === undefined ? undefined : quantity.value * factor;
}

const GiB = 1024 ** 3;

/** The units formatBytes writes, largest first (one table, not one per call). */
const BYTE_UNITS = [{ unit: 'TiB', size: 1024 * GiB }, { unit: 'GiB', size: GiB }, { unit: 'MiB', size: 1024 ** 2 }, { unit: 'KiB', size: 1024 }] as const;

/** Bytes for people: `40 GiB`, `1.5 GiB`, `256 MiB`. */
export function formatBytes(bytes: number): string {
    for (const { unit, size } of BYTE_UNITS) {
        if (bytes >= size) return `${trim(bytes / size)} ${unit}`;
    }
    return `${bytes} B`;
}

export function trim(n: number): string {
    return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}
