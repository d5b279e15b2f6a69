// Diagnostics located by file name, line and column (1-based), as the command line prints them
// (`file:line:column: severity code: message`, or JSON with these keys) and as the debugger
// lists them when it refuses a launch. The one formatter of a diagnostic as text.
import type { Diagnostic } from 'vscode-languageserver-types';
import { diagnosticsOf, type CheckedWorkspace, type SourceFile } from './workspace.js';

export interface FileDiagnostic {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: 'error' | 'warning' | 'information' | 'hint';
    code: string;
    message: string;
}

/** By LSP severity (1 error … 4 hint); a diagnostic without one is an error, as LSP says. */
const SEVERITY = ['error', 'error', 'warning', 'information', 'hint'] as const;

export function toFileDiagnostic(file: string, d: Diagnostic): FileDiagnostic {
    return {
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY[d.severity ?? 1],
        code: String(d.code ?? 'unknown'),
        message: d.message,
    };
}

/** `file:line:column: severity code: message`. */
export function formatDiagnostic(d: FileDiagnostic): string {
    return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}

/**
 * The diagnostics of the user's documents, each named by its file's `path` (as the user named
 * it), in file order, then by position and code. `files[i]` is `workspace.documents[i]`'s source.
 */
export function fileDiagnostics(workspace: CheckedWorkspace, files: readonly SourceFile[]): FileDiagnostic[] {
    return workspace.documents.flatMap((doc, i) =>
        diagnosticsOf(doc)
            .map((d) => toFileDiagnostic(files[i].path, d))
            .sort((a, b) => a.line - b.line || a.column - b.column || byCodeUnits(a.code, b.code)),
    );
}

/**
 * Codes are lower-case ASCII words and hyphens, where code-unit order is the order
 * `localeCompare` gives; `localeCompare` would load the ICU collation data (megabytes of
 * resident memory) for a sort of a few diagnostics.
 */
function byCodeUnits(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
