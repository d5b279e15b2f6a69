// Builds a real workspace (standard library + the given files) and reads its diagnostics,
// with ranges located by the text they must cover, so tests assert exact positions.
import { expect } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { diagnosticsOf, editorWorkspace, type CheckedWorkspace } from '../../language/workspace.js';
import { createLspServices, type VmdefLspServices } from '../../language/lsp/lsp-module.js';

export const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' } as const;

export interface Checked {
    workspace: CheckedWorkspace<VmdefLspServices>;
    /** Diagnostics of each user file, by the name given. */
    diagnostics: Record<string, Diagnostic[]>;
    texts: Record<string, string>;
}

/** Checks one text (as `main.vmdef`) or several named files as one workspace. */
export async function check(files: string | Record<string, string>): Promise<Checked> {
    const texts = typeof files === 'string' ? { 'main.vmdef': files } : files;
    const names = Object.keys(texts);
    const workspace = await editorWorkspace(names.map((name) => ({ path: `/test-workspace/${name}`, text: texts[name] })), createLspServices());
    const diagnostics: Record<string, Diagnostic[]> = {};
    workspace.documents.forEach((doc, i) => (diagnostics[names[i]] = diagnosticsOf(doc)));
    return { workspace, diagnostics, texts };
}

/** Line and character of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
export function positionOf(text: string, needle: string, occurrence = 0): { line: number; character: number } {
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) {
        offset = text.indexOf(needle, offset + 1);
        if (offset < 0) throw new Error(`'${needle}' (occurrence ${occurrence}) not in the test text`);
    }
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The range `needle` covers (single line). */
export function rangeOf(text: string, needle: string, occurrence = 0) {
    const start = positionOf(text, needle, occurrence);
    return { start, end: { line: start.line, character: start.character + needle.length } };
}

export function codes(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map((d) => String(d.code)).sort();
}

/** Asserts exactly one diagnostic with `code`, of `severity`, covering exactly `needle`; returns it. */
export function expectDiagnostic(
    checked: Checked, code: string, severity: (typeof SEVERITY)[keyof typeof SEVERITY], needle: string,
    options: { file?: string; occurrence?: number } = {},
): Diagnostic {
    const file = options.file ?? Object.keys(checked.texts)[0];
    const found = checked.diagnostics[file].filter((d) => d.code === code);
    expect(found.map((d) => d.message), `diagnostics with code ${code} in ${file}`).toHaveLength(1);
    const d = found[0];
    expect(SEVERITY[d.severity as 1 | 2 | 3 | 4]).toBe(severity);
    expect(d.range).toEqual(rangeOf(checked.texts[file], needle, options.occurrence));
    return d;
}

/** Asserts that no file has a diagnostic with `code`. */
export function expectNo(checked: Checked, code: string): void {
    for (const [file, list] of Object.entries(checked.diagnostics)) {
        expect(list.filter((d) => d.code === code).map((d) => d.message), `${code} in ${file}`).toEqual([]);
    }
}

/** Asserts the files check clean: no diagnostic at all (not even information). */
export function expectClean(checked: Checked): void {
    for (const [file, list] of Object.entries(checked.diagnostics)) {
        expect(list.map((d) => `${d.code}: ${d.message}`), file).toEqual([]);
    }
}
