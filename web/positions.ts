// LSP positions (0-based line, UTF-16 character) ↔ CodeMirror offsets (UTF-16 too), clamped to
// the document: a diagnostic published for an older text may point past the current end.
import type { Text } from '@codemirror/state';
import type { Position } from 'vscode-languageserver-types';

export function toOffset(doc: Text, position: Position): number {
    if (position.line >= doc.lines) return doc.length;
    const line = doc.line(position.line + 1);
    return Math.min(line.from + position.character, line.to);
}

export function toPosition(doc: Text, offset: number): Position {
    const line = doc.lineAt(offset);
    return { line: line.number - 1, character: offset - line.from };
}
