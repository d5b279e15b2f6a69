// What the last save found of each document's `expect` lines, for the inlay hints (`✓ 3 exits`
// after a passing one): the language server's check on save (server/expect-on-save.ts) writes
// it, the inlay hint provider reads it. Kept per document version, so the next edit hides them
// until the next save, as it drops the on-save diagnostics.

/** A hint after the `expect` line that starts on `line` (0-based). */
export interface ExpectationHint {
    line: number;
    label: string;
}

const byUri = new Map<string, { version: number; hints: ExpectationHint[] }>();

export const expectationHints = {
    /** The hints of `uri` at `version` (every earlier one is forgotten). */
    set(uri: string, version: number, hints: ExpectationHint[]): void {
        if (hints.length > 0) byUri.set(uri, { version, hints });
        else byUri.delete(uri);
    },
    /** The hints of `uri` if they are for `version`, the document as it is now. */
    get(uri: string, version: number): ExpectationHint[] {
        const entry = byUri.get(uri);
        return entry && entry.version === version ? entry.hints : [];
    },
    has(uri: string): boolean {
        return byUri.has(uri);
    },
    forget(uri: string): void {
        byUri.delete(uri);
    },
};
