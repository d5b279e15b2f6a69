// "Did you mean …?": the closest of a few known words to a word the user wrote. Used by the
// syntax-error messages; usable by any diagnostic that names an unknown word.

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/** Words longer than this are not compared (a pasted blob is nobody's typo). */
const LONGEST_WORD = 64;

/**
 * The candidate the user most likely meant by `word`, or undefined: within a few edits (one for
 * words up to four letters, two up to eight, three for longer ones), or one word the start of the other (`paravirt` →
 * `para`, `virt` → `virtualization`). Case is ignored; the nearest wins, ties in candidate order.
 */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
    if (word.length === 0 || word.length > LONGEST_WORD) return undefined;
    const lower = word.toLowerCase();
    const allowed = lower.length <= 4 ? 1 : lower.length <= 8 ? 2 : 3;
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const other = candidate.toLowerCase();
        if (other === lower) return candidate;
        const distance = editDistance(lower, other);
        const prefix = Math.min(lower.length, other.length) >= 3 && (lower.startsWith(other) || other.startsWith(lower));
        if ((distance <= allowed || prefix) && distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}
