// A name may be an identifier or any word that is a keyword elsewhere (`hw timer`, `device
// timer: timer`), the registers excepted. The grammar says so with one token, NAME: a category
// the lexer never produces, to which ID and every such keyword belong. Why a category and not a
// rule listing the 121 keywords: the parser computes its lookahead for every place a name may
// stand, and a rule of 121 alternatives made building the parser allocate 22 MB (7 before
// names could be keywords) and every ALL(*) prediction near a name walk 121 paths.
import { AstUtils, DefaultTokenBuilder, GrammarAST, type Grammar, type TokenBuilderOptions } from 'langium';
import { Lexer, type TokenType, type TokenVocabulary } from 'chevrotain';

const WORD = /^[A-Za-z_]\w*$/;

export class VmdefTokenBuilder extends DefaultTokenBuilder {
    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const tokens = super.buildTokens(grammar, options) as TokenType[];
        const name = tokens.find((t) => t.name === 'NAME')!;
        name.PATTERN = Lexer.NA;
        const registers = keywordsOf(grammar, 'Register');
        const terminals = new Set(grammar.rules.filter(GrammarAST.isTerminalRule).map((r) => r.name));
        for (const token of tokens) {
            const keywordName = !terminals.has(token.name) && WORD.test(token.name) && !registers.has(token.name);
            if (token.name === 'ID' || keywordName) token.CATEGORIES = [name];
        }
        return tokens;
    }
}

/** The keywords of parser rule `rule` (the registers: an operand `r1` is always the register). */
function keywordsOf(grammar: Grammar, rule: string): Set<string> {
    const found = grammar.rules.find((r) => r.name === rule);
    return new Set(found ? AstUtils.streamAllContents(found).filter(GrammarAST.isKeyword).map((k) => k.value) : []);
}
