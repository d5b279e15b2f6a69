// Line breakpoints in the editor's gutter: a click toggles one; the set follows edits (a marker
// moves with its line). The debugger gets the line numbers (web/debug-view.ts).
import { RangeSet, StateEffect, StateField } from '@codemirror/state';
import { EditorView, gutter, GutterMarker } from '@codemirror/view';

const toggle = StateEffect.define<number>({ map: (pos, mapping) => mapping.mapPos(pos) });

class BreakpointMarker extends GutterMarker {
    override toDOM(): Node {
        const dot = document.createElement('span');
        dot.className = 'breakpoint-dot';
        dot.textContent = '●';
        return dot;
    }
}
const marker = new BreakpointMarker();

const breakpointField = StateField.define<RangeSet<GutterMarker>>({
    create: () => RangeSet.empty,
    update(set, transaction) {
        set = set.map(transaction.changes);
        for (const effect of transaction.effects) {
            if (!effect.is(toggle)) continue;
            let present = false;
            set.between(effect.value, effect.value, () => {
                present = true;
            });
            set = present ? set.update({ filter: (from) => from !== effect.value }) : set.update({ add: [marker.range(effect.value)] });
        }
        return set;
    },
});

/** The 1-based lines that hold a breakpoint. */
export function breakpointLines(view: EditorView): number[] {
    const lines: number[] = [];
    const cursor = view.state.field(breakpointField).iter();
    for (; cursor.value; cursor.next()) lines.push(view.state.doc.lineAt(cursor.from).number);
    return lines;
}

/** The gutter; `onChange` hears every toggle (to tell a running debugger). */
export function breakpointGutter(title: () => string, onChange: (view: EditorView) => void) {
    return [
        breakpointField,
        gutter({
            class: 'cm-breakpoint-gutter',
            markers: (view) => view.state.field(breakpointField),
            initialSpacer: () => marker,
            domEventHandlers: {
                mousedown(view, line) {
                    view.dispatch({ effects: toggle.of(line.from) });
                    onChange(view);
                    return true;
                },
            },
        }),
        EditorView.domEventHandlers({
            mouseover(event) {
                const target = event.target as HTMLElement;
                if (target.closest('.cm-breakpoint-gutter')) target.title = title();
            },
        }),
    ];
}

/** Removes every breakpoint (a new example). */
export function clearBreakpoints(view: EditorView): void {
    const effects = [];
    const cursor = view.state.field(breakpointField).iter();
    for (; cursor.value; cursor.next()) effects.push(toggle.of(cursor.from));
    if (effects.length) view.dispatch({ effects });
}
