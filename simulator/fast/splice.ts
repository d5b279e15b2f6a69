// The only way a value reaches generated JavaScript source: as a validated integer literal.
// Names, labels, strings and devices from a .vmdef file never do — the translator splices pcs,
// register numbers, immediates and table indices, each checked here, and nothing else.

export class TranslationError extends Error {}

/** `n` as source text, if it is an integer within [min, max]; throws otherwise. */
export function int(n: number, min: number, max: number): string {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) {
        throw new TranslationError(`refusing to splice ${String(n)} into generated code (expected an integer in [${min}, ${max}])`);
    }
    // a negative literal in parentheses: `r1 - (-5)` must not become `r1 - -5` → fine, but `--5` would not parse
    return n < 0 ? `(${n})` : String(n);
}

/** An int32 immediate. */
export const int32 = (n: number): string => int(n, -2147483648, 2147483647);

/** A register number: r0–r7, sp (8). */
export const reg = (n: number): string => `r${int(n, 0, 8)}`;

/** An instruction index of a body of `length` instructions (`length` itself: the end). */
export const pcOf = (n: number, length: number): string => int(n, 0, length);
