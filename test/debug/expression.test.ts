// The breakpoint-condition / watch language: parsed and evaluated by its own small parser,
// never by eval — bad input gets a located error, names resolve only through the resolver.
import { describe, expect, it } from 'vitest';
import { Expression, ExpressionError, isTrue, MAX_EXPRESSION_LENGTH } from '../../debugger/expression.js';

const values = new Map<string, number | boolean | string>([['r1', 0], ['r2', 5], ['zf', true], ['exits.io', 3], ['console', '3\n2\n']]);
const resolve = (name: string) => values.get(name);
const evaluate = (text: string) => Expression.parse(text).evaluate(resolve);

describe('expressions', () => {
    it('compare, combine and compute over registers, flags and dotted figures', () => {
        expect(evaluate('r1 == 0')).toBe(true);
        expect(evaluate('r2 > 3 && r1 != 0')).toBe(false);
        expect(evaluate('r2 > 3 || r1 != 0')).toBe(true);
        expect(evaluate('r2 * 2 + 1')).toBe(11);
        expect(evaluate('-(r2 - 7) % 3')).toBe(2);
        expect(evaluate('r2 / 2')).toBe(2);
        expect(evaluate('0x10 + 1')).toBe(17);
        expect(evaluate('!zf')).toBe(false);
        expect(evaluate('exits.io >= 3')).toBe(true);
        expect(evaluate('console == "3\\n2\\n"')).toBe(true);
        expect(evaluate('r2 <= 5 && (r1 < 1)')).toBe(true);
        expect(evaluate('zf == 1')).toBe(true);
    });

    it('precedence: * over +, comparisons over &&, && over ||', () => {
        expect(evaluate('1 + 2 * 3')).toBe(7);
        expect(evaluate('1 || 0 && 0')).toBe(true);
        expect(evaluate('r2 - 1 - 1')).toBe(3);
    });

    it('reports the column of what is wrong', () => {
        const error = (text: string) => {
            try {
                Expression.parse(text).evaluate(resolve);
            } catch (e) {
                expect(e).toBeInstanceOf(ExpressionError);
                return `${(e as ExpressionError).message} @${(e as ExpressionError).column}`;
            }
            return 'no error';
        };
        expect(error('r1 ==')).toBe('expression expected @6');
        expect(error('r1 = 1')).toBe("unexpected '=' @4");
        expect(error('(r1')).toBe("missing ')' @4");
        expect(error('r9 > 1')).toBe("unknown name 'r9' @1");
        expect(error('r2 / r1')).toBe('division by zero @1');
        expect(error('"open')).toBe('unterminated string @1');
        expect(error('r1; process.exit(1)')).toBe("unexpected ';' @3");
        expect(error('constructor.constructor("x")()')).toBe("unexpected '(' @24"); // no calls in the grammar
        expect(error('constructor')).toBe("unknown name 'constructor' @1");
    });

    it('bounds what it accepts: length and nesting', () => {
        expect(() => Expression.parse('1'.repeat(MAX_EXPRESSION_LENGTH + 1))).toThrow(/longer than/);
        expect(() => Expression.parse('('.repeat(100) + '1' + ')'.repeat(100))).toThrow('expression nested too deeply');
        expect(() => Expression.parse('!'.repeat(100) + '1')).toThrow('expression nested too deeply');
    });

    it('lists the names it reads; truthiness of values', () => {
        expect(Expression.parse('r1 + exits.io > r2').names()).toEqual(['r1', 'exits.io', 'r2']);
        expect([isTrue(0), isTrue(2), isTrue(''), isTrue('x'), isTrue(false)]).toEqual([false, true, false, true, false]);
    });
});
