// How many terminal columns a string takes: Hangul, CJK ideographs and full-width forms take two
// (Unicode East Asian Width "W"/"F"), so a Korean table heading padded by `.length` would push
// its column out of line.

/** The wide ranges a summary table can meet: Hangul Jamo, CJK punctuation to Hangul syllables, full-width forms. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;

export function displayWidth(text: string): number {
    return [...text].length + (text.match(WIDE)?.length ?? 0);
}

/** `text` followed by spaces up to `width` columns. */
export function padEnd(text: string, width: number): string {
    return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
