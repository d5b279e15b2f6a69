// Ranges of diagnostics that cover more than one node or property.
import { GrammarUtils, type AstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';

/** From a keyword to the end of the property after it: `vcpus 8`, `virtualization hardware`. */
export function keywordRange(node: AstNode, keywordText: string, property: string): Range | undefined {
    const keyword = GrammarUtils.findNodeForKeyword(node.$cstNode, keywordText);
    const value = GrammarUtils.findNodeForProperty(node.$cstNode, property);
    if (!keyword || !value) return value?.range ?? keyword?.range;
    return { start: keyword.range.start, end: value.range.end };
}

/** From the start of the first node to the end of the last: `2 sockets x 8 cores`. */
export function spanRange(nodes: readonly AstNode[]): Range | undefined {
    const first = nodes[0]?.$cstNode;
    const last = nodes[nodes.length - 1]?.$cstNode;
    return first && last ? { start: first.range.start, end: last.range.end } : undefined;
}
