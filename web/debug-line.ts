// The line the debugger stopped at, highlighted in the editor.
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

const setLine = StateEffect.define<number | undefined>();
const lineDecoration = Decoration.line({ class: 'cm-debug-line' });

export const debugLineField = StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(decorations, transaction) {
        decorations = decorations.map(transaction.changes);
        for (const effect of transaction.effects) {
            if (!effect.is(setLine)) continue;
            const line = effect.value;
            decorations = line === undefined || line > transaction.state.doc.lines
                ? Decoration.none
                : Decoration.set([lineDecoration.range(transaction.state.doc.line(line).from)]);
        }
        return decorations;
    },
    provide: (field) => EditorView.decorations.from(field),
});

/** Highlights 1-based `line` and scrolls to it; undefined clears. */
export function showDebugLine(view: EditorView, line: number | undefined): void {
    const effects = [setLine.of(line)];
    if (line !== undefined && line <= view.state.doc.lines) effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'center' }) as never);
    view.dispatch({ effects });
}
