// A file never publishes more than MAX_DIAGNOSTICS_PER_FILE diagnostics: an editor (and a
// terminal) is no use past a screenful of problems, and 130,000 of them cost the client
// seconds per edit. Errors are kept first, so a real error is never hidden behind warnings;
// one last diagnostic says how many more there are (code `diagnostics-truncated`).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

/** Diagnostics published per file, the `diagnostics-truncated` one included. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

export const TRUNCATED_CODE = 'diagnostics-truncated';

function before(a: Diagnostic, b: Diagnostic): number {
    return (a.severity ?? DiagnosticSeverity.Error) - (b.severity ?? DiagnosticSeverity.Error)
        || a.range.start.line - b.range.start.line
        || a.range.start.character - b.range.start.character;
}

function truncatedMessage(hidden: Diagnostic[]): string {
    const count = (severity: DiagnosticSeverity) => hidden.filter((d) => (d.severity ?? DiagnosticSeverity.Error) === severity).length;
    const parts = [[count(DiagnosticSeverity.Error), 'error'], [count(DiagnosticSeverity.Warning), 'warning']]
        .filter(([n]) => n)
        .map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
    const detail = parts.length ? ` (${parts.join(', ')})` : '';
    return `${hidden.length} more diagnostics not shown${detail}: a file shows at most ${MAX_DIAGNOSTICS_PER_FILE - 1}, errors first; fix these to see the rest`;
}

/**
 * The diagnostics to publish: all of them when they fit; else errors first, then by position,
 * cut to the cap, and a last diagnostic (at the first hidden one) that counts the rest.
 */
export function capDiagnostics(diagnostics: Diagnostic[], max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
    if (diagnostics.length <= max) return diagnostics;
    const sorted = diagnostics.slice().sort(before);
    const kept = sorted.slice(0, max - 1);
    const hidden = sorted.slice(max - 1);
    // As severe as the worst it hides (the first: they are sorted).
    kept.push({ severity: hidden[0].severity ?? DiagnosticSeverity.Error, range: hidden[0].range, message: truncatedMessage(hidden), code: TRUNCATED_CODE, source: hidden[0].source });
    return kept;
}
