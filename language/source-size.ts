// A source over MAX_SOURCE_CHARS (language/limits.ts) is not parsed: its syntax tree alone
// would take more than 1 GB. The document gets the parse result of an empty file, whose root
// still holds the whole text (so Langium sees the text as current and does not parse it again
// on every build), and one error, `file-too-large` at 1:1 (document-validator.ts). Every front
// end builds documents through the same factory (perf/incremental-parse.ts), so the command
// line, the language server and the debugger all say the same.
import type { AstNode, ParseResult } from 'langium';
import { MAX_SOURCE_CHARS } from './limits.js';

const tooLarge = new WeakMap<ParseResult, number>();

export function isTooLarge(text: string): boolean {
    return text.length > MAX_SOURCE_CHARS;
}

/** `empty`, the parse of '', standing for `text`, which was too large to parse. */
export function tooLargeParse<T extends AstNode>(empty: ParseResult<T>, text: string): ParseResult<T> {
    const root = empty.value.$cstNode?.root;
    if (root) (root as unknown as { _text: string })._text = text;
    tooLarge.set(empty, text.length);
    return empty;
}

/** The length of the text a parse result stands for, if it was too large to parse. */
export function tooLargeLength(result: ParseResult): number | undefined {
    return tooLarge.get(result);
}
