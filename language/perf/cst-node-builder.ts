// Langium 4.2.1's CstNodeBuilder.addHiddenNodes is called before EVERY consumed token, usually
// with no hidden tokens at all (whitespace is skipped by the lexer; only comments are hidden).
// With an empty list it still walks up from a fresh composite node and calls
// `container.content.indexOf(node)` on each ancestor — for the first token of every top-level
// element that is a linear scan of the root's children, so parsing is quadratic in the number
// of declarations (DESIGN.md, "Performance facts": ≈ 30% of parse time at 10,000 VMs).
// Adding zero nodes changes nothing, so returning early gives the same syntax tree.
import { CstNodeBuilder, type LangiumCoreServices, type LangiumParser, prepareLangiumParser } from 'langium';

type Tokens = Parameters<CstNodeBuilder['addHiddenNodes']>[0];

export class VmdefCstNodeBuilder extends CstNodeBuilder {
    override addHiddenNodes(tokens: Tokens): void {
        if (tokens.length === 0) return;
        super.addHiddenNodes(tokens);
    }
}

/**
 * Langium's parser, with the node builder above. `nodeBuilder` is a private field created in
 * LangiumParser's constructor and there is no service for it, so it is replaced on the
 * instance before the parser is finalized (and before any document is parsed).
 */
export function createVmdefParser(services: LangiumCoreServices): LangiumParser {
    const parser = prepareLangiumParser(services);
    (parser as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new VmdefCstNodeBuilder();
    parser.finalize();
    return parser;
}
