// The problems list (data-testid="problems"): one item per diagnostic of the user's file, with
// its code, position and message; a click goes there, a button applies a quick fix.
import type { EditorView } from '@codemirror/view';
import type { ShownDiagnostic } from './editor-lsp.js';
import { applyFix } from './editor-lsp.js';
import { webMessages as m } from './messages.js';
import { toOffset } from './positions.js';

const SEVERITY_NAMES = ['error', 'error', 'warning', 'info', 'hint'];

export function renderProblems(list: HTMLElement, view: EditorView, shown: ShownDiagnostic[]): void {
    list.replaceChildren();
    list.dataset.count = String(shown.length);
    if (shown.length === 0) {
        const none = document.createElement('p');
        none.className = 'empty';
        none.textContent = m.noProblems();
        list.append(none);
        return;
    }
    for (const { diagnostic, fixes } of shown) {
        const item = document.createElement('li');
        const severity = SEVERITY_NAMES[diagnostic.severity ?? 1];
        item.className = `problem ${severity}`;
        const where = document.createElement('button');
        where.className = 'problem-where';
        where.textContent = `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
        where.onclick = () => {
            const pos = toOffset(view.state.doc, diagnostic.range.start);
            view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
            view.focus();
        };
        const code = document.createElement('code');
        code.textContent = String(diagnostic.code ?? '');
        item.append(where, ` ${severity} `, code, ` ${diagnostic.message}`);
        for (const fix of fixes) {
            const button = document.createElement('button');
            button.className = 'quick-fix';
            button.textContent = `${m.quickFix()}: ${fix.title}`;
            button.onclick = () => applyFix(view, fix);
            item.append(' ', button);
        }
        list.append(item);
    }
}
