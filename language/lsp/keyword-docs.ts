// One line per declaration keyword, behind hovers (instructions have their own texts in
// instruction-docs.ts); the lines are in messages.ts, in English and Korean. A keyword that
// means different things by where it stands has an entry `property.keyword` for the grammar
// property it is assigned to (`technique.hardware`: `virtualization hardware`), looked up
// before the plain one (`hardware`: the declaration).
import { keywordDocs, lookUp } from './messages.js';

/** The explanation of a keyword, by the grammar property it is assigned to when that matters. */
export function keywordHover(keyword: string, property?: string): string | undefined {
    const text = (property !== undefined ? lookUp(keywordDocs, `${property}.${keyword}`) : undefined) ?? lookUp(keywordDocs, keyword);
    return text ? `**${keyword}** — ${text}` : undefined;
}
