// Langium keeps a second parser for code completion, and the language server builds every
// service at `initialize`: building this one (lookahead for the whole grammar again) was ~40 ms
// of the server's start, before it answered anything. It is built at the first completion
// instead. Langium's completion provider only calls `parse`.
import { createCompletionParser, type CompletionParserResult, type LangiumCompletionParser, type LangiumCoreServices } from 'langium';

export function lazyCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    let parser: LangiumCompletionParser | undefined;
    const lazy = {
        parse: (input: string): CompletionParserResult => (parser ??= createCompletionParser(services)).parse(input),
    };
    return lazy as unknown as LangiumCompletionParser;
}
