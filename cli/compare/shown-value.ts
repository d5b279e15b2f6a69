// How `vmdef compare` and the editor's side-by-side view write a compared value.

/** A number also in hex when that says more (flag words, addresses). */
export function shownValue(value: number | string): string {
    return typeof value === 'number' && (value > 9 || value < -9) ? `${value} (0x${(value >>> 0).toString(16)})` : String(value);
}
