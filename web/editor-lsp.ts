// The editor's language features, all from the real language server in the worker: the text
// sent as it changes, diagnostics (with their quick fixes as lint actions), hover, completion.
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { setDiagnostics, type Action, type Diagnostic as EditorDiagnostic } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { EditorView, hoverTooltip } from '@codemirror/view';
import type { CodeAction, CompletionItem, Diagnostic, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import type { LspDocument } from './lsp-client.js';
import { renderMarkdown } from './markdown.js';
import { toOffset, toPosition } from './positions.js';
import { MAIN_URI } from './protocol.js';

/** Quick fixes are asked for the first diagnostics only: a 1,000-VM file may have thousands. */
const MAX_FIXED_DIAGNOSTICS = 200;

const SEVERITY: EditorDiagnostic['severity'][] = ['error', 'error', 'warning', 'info', 'hint'];

/** LSP CompletionItemKind → CodeMirror's completion icon; anything else is a plain word. */
const COMPLETION_TYPES: Record<number, string> = { 3: 'function', 5: 'property', 6: 'variable', 7: 'class', 10: 'property', 14: 'keyword', 15: 'text', 21: 'constant' };

export function documentSync(lsp: LspDocument): Extension {
    return EditorView.updateListener.of((update) => {
        if (update.docChanged) lsp.change(update.view.state.doc.toString());
    });
}

export function lspHover(lsp: LspDocument): Extension {
    return hoverTooltip(async (view, pos) => {
        const hover = await lsp.hover(toPosition(view.state.doc, pos)).catch(() => null);
        if (!hover) return null;
        const contents = hover.contents as MarkupContent | string;
        const markdown = typeof contents === 'string' ? contents : contents.value;
        if (!markdown) return null;
        const from = hover.range ? toOffset(view.state.doc, hover.range.start) : pos;
        return { pos: from, above: true, create: () => ({ dom: renderMarkdown(markdown) }) };
    });
}

function applyItem(item: CompletionItem) {
    return (view: EditorView, _completion: unknown, from: number, to: number) => {
        const edit = item.textEdit as TextEdit | undefined;
        const range = edit && 'range' in edit ? { from: toOffset(view.state.doc, edit.range.start), to: Math.max(to, toOffset(view.state.doc, edit.range.end)) } : { from, to };
        const insert = edit?.newText ?? item.insertText ?? item.label;
        view.dispatch({ changes: { ...range, insert }, selection: { anchor: range.from + insert.length } });
    };
}

export function lspCompletion(lsp: LspDocument): Extension {
    const source = async (context: CompletionContext): Promise<CompletionResult | null> => {
        const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
        if (!word && !context.explicit) return null;
        const items = await lsp.completion(toPosition(context.state.doc, context.pos)).catch(() => []);
        if (items.length === 0) return null;
        return {
            from: word?.from ?? context.pos,
            options: items.map((item) => ({ label: item.label, detail: item.detail, apply: applyItem(item), type: COMPLETION_TYPES[item.kind ?? 0] ?? 'text' })),
            validFor: /^[A-Za-z0-9_]*$/,
        };
    };
    return autocompletion({ override: [source] });
}

/** A quick fix's edit of the playground's document, applied as one transaction. */
function applyFix(view: EditorView, action: CodeAction): void {
    const fromChanges = action.edit?.changes?.[MAIN_URI] ?? [];
    const fromDocumentChanges = (action.edit?.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === MAIN_URI ? c.edits : []));
    const edits = [...fromChanges, ...fromDocumentChanges] as TextEdit[];
    const doc = view.state.doc;
    view.dispatch({ changes: edits.map((e) => ({ from: toOffset(doc, e.range.start), to: toOffset(doc, e.range.end), insert: e.newText })) });
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
    return a.code === b.code && a.message === b.message && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

export interface ShownDiagnostic {
    diagnostic: Diagnostic;
    fixes: CodeAction[];
}

/** Shows `diagnostics` in the editor with their quick fixes; returns them with their fixes for the problems list. */
export async function showDiagnostics(view: EditorView, lsp: LspDocument, diagnostics: Diagnostic[]): Promise<ShownDiagnostic[]> {
    const actions = await lsp.quickFixes(diagnostics.slice(0, MAX_FIXED_DIAGNOSTICS)).catch(() => []);
    const shown = diagnostics.map((diagnostic) => ({ diagnostic, fixes: actions.filter((a) => a.diagnostics?.some((d) => sameDiagnostic(d, diagnostic))) }));
    const doc = view.state.doc;
    const editorDiagnostics: EditorDiagnostic[] = shown.map(({ diagnostic, fixes }) => {
        const from = toOffset(doc, diagnostic.range.start);
        const actionsOf: Action[] = fixes.map((fix) => ({ name: fix.title, apply: (v) => applyFix(v, fix) }));
        return {
            from,
            to: Math.max(from, toOffset(doc, diagnostic.range.end)),
            severity: SEVERITY[diagnostic.severity ?? 1],
            source: String(diagnostic.code ?? ''),
            message: diagnostic.message,
            actions: actionsOf,
        };
    });
    view.dispatch(setDiagnostics(view.state, editorDiagnostics));
    return shown;
}

export { applyFix };
