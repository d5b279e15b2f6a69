// `vmdef check FILE...` — LANGUAGE.md §8.
import type { Diagnostic } from 'vscode-languageserver-types';
import { checkWorkspace, diagnosticsOf, type CheckedWorkspace, type SourceFile } from '../language/workspace.js';

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

/** Checks the files as one workspace; returns their diagnostics in file order, then position. */
export async function checkFiles(files: SourceFile[]): Promise<FileDiagnostic[]> {
    return workspaceDiagnostics(await checkWorkspace(files), files);
}

/** The diagnostics of the user's documents (named as given on the command line), sorted. */
export function workspaceDiagnostics(workspace: CheckedWorkspace, files: SourceFile[]): FileDiagnostic[] {
    const result: FileDiagnostic[] = [];
    workspace.documents.forEach((doc, i) => {
        const list = diagnosticsOf(doc).map((d) => toFileDiagnostic(files[i].path, d));
        list.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
        for (const d of list) result.push(d);
    });
    return result;
}

/** The user's files decide whether a definition may run (the standard library is checked by the engine). */
export function hasUserErrors(workspace: CheckedWorkspace): boolean {
    return workspace.documents.some((d) => diagnosticsOf(d).some((x) => x.severity === 1));
}

export function printDiagnostics(diagnostics: FileDiagnostic[], format: 'text' | 'json'): void {
    if (format === 'json') process.stdout.write(JSON.stringify(diagnostics, null, 2) + '\n');
    else for (const d of diagnostics) process.stdout.write(formatText(d) + '\n');
}

export function formatText(d: FileDiagnostic): string {
    return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}
