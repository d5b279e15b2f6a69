// The tokens of vmdef: Langium's, with two changes.
//
// Names. A name may be an identifier or any word that is a keyword elsewhere (`hw timer`,
// `device timer: timer`), the registers excepted. The grammar says so with one token, NAME: a
// category the lexer never produces, to which ID and every such keyword belong. Why a category
// and not a rule listing the 121 keywords: the parser computes its lookahead for every place a
// name may stand, and a rule of 121 alternatives made building the parser allocate 22 MB (7
// before names could be keywords) and every ALL(*) prediction near a name walk 121 paths.
//
// Longer alternatives. A keyword that an identifier could continue (`vm` in `vms`) names the
// terminals that match it partially; Langium builds the partial-match regular expression of
// every terminal anew for every keyword (1,300 of them, 1.7 MB per process). Built once here.
import { AstUtils, DefaultTokenBuilder, GrammarAST, RegExpUtils, type Grammar, type TokenBuilderOptions } from 'langium';
import { Lexer, type TokenPattern, type TokenType, type TokenVocabulary } from 'chevrotain';

const WORD = /^[A-Za-z_]\w*$/;

export class VmdefTokenBuilder extends DefaultTokenBuilder {
    /** A terminal's pattern -> its partial-match expression (RegExpUtils.partialMatches's, made once). */
    private readonly partials = new Map<string, RegExp>();

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

    protected override findLongerAlt(keyword: GrammarAST.Keyword, terminalTokens: TokenType[]): TokenType[] {
        return terminalTokens.filter((token) => {
            const source = (token.PATTERN as TokenPattern & { source?: string } | undefined)?.source;
            if (!source) return false;
            let partial = this.partials.get(source);
            if (!partial) this.partials.set(source, partial = RegExpUtils.partialRegExp(`^${source}$`));
            return (partial.exec(keyword.value)?.[0].length ?? 0) > 0;
        });
    }
}

/** The keywords of parser rule `rule` (the registers: an operand `r1` is always the register). */
function keywordsOf(grammar: Grammar, rule: string): Set<string> {
    const found = grammar.rules.find((r) => r.name === rule);
    return new Set(found ? AstUtils.streamAllContents(found).filter(GrammarAST.isKeyword).map((k) => k.value) : []);
}
