// Inputs that crashed or misled the parser (issue 10): long runs of comments (a spread of every
// comment node into one call overflowed the stack), nested memory operands (recursion in the
// grammar), memory operands the engine refuses, a name lost to a syntax error.
import { describe, expect, it } from 'vitest';
import { CstUtils } from 'langium';
import { check, codes, expectDiagnostic, expectNo, rangeOf } from './check-helper.js';
import { appendAll, maxOf, replaceRange } from '../../language/arrays.js';

const COMMENT_LINES = 200_000;
const streamCst = (node: Parameters<typeof CstUtils.streamCst>[0]) => CstUtils.streamCst(node);

describe('parser hardening', () => {
    it.each([
        ['at the end of the file', (comments: string) => `program p { nop }\n${comments}`],
        ['at the start of the file', (comments: string) => `${comments}program p { nop }\n`],
        ['inside a declaration', (comments: string) => `program p {\n${comments} nop }\n`],
        ['at the start of a nested node', (comments: string) => `program p { mov r1,\n${comments} 2 }\n`],
    ])('parses %s 200,000 comment lines', async (_where, place) => {
        const text = place('//\n'.repeat(COMMENT_LINES));
        const checked = await check(text);
        expect(checked.diagnostics['main.vmdef'].filter((d) => d.severity === 1)).toEqual([]);
        // Every comment is in the syntax tree (as a hidden leaf).
        const root = checked.workspace.documents[0].parseResult.value.$cstNode!.root;
        expect([...streamCst(root)].filter((n) => n.hidden && n.text === '//').length).toBe(COMMENT_LINES);
    });

    it('refuses a nested memory operand at its `[`, 400 levels deep included, without overflowing the stack', async () => {
        for (const depth of [2, 400, 100_000]) {
            const text = `program p { load r1, ${'['.repeat(depth)}r2${']'.repeat(depth)} }\n`;
            const checked = await check(text);
            const d = expectDiagnostic(checked, 'nested-memory-operand', 'error', '[', { occurrence: 1 });
            expect(d.message).toBe('a memory operand holds one address (a register, a number or a name), not another `[…]`: '
                + 'the instruction set has one indirection; load the inner address into a register first');
        }
    });

    it('refuses memory operands where the engine faults or would pass an address for a value', async () => {
        const text = `program p {
    load r1, [r2]
    store [r1], r2
    mov r3, [r2]
    inc [r1]
    store [r1], [r2]
    syscall write(com1, [r1])
}`;
        const checked = await check(text);
        const list = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'memory-operand-not-allowed');
        expect(list.map((d) => d.range)).toEqual([rangeOf(text, '[r2]', 1), rangeOf(text, '[r1]', 1), rangeOf(text, '[r2]', 2), rangeOf(text, '[r1]', 3)]);
        expect(list[0].message).toBe('a memory operand is not allowed as the second operand of `mov`: only `load d, [a]` reads memory and `store [a], s` writes it; load the value into a register first');
        expect(list[1].message).toContain('not allowed in `inc`');
        expect(list[3].message).toContain('as an argument (arguments are passed by value)');
        expectNo(await check('program p { load r1, [r2] store [r1], r2 load r3, [4096] store [4096], 1 }'), 'memory-operand-not-allowed');
    });

    it('asks for the memory operand of load and store', async () => {
        const text = 'program p { load r1, r2 store r1, 5 }';
        const checked = await check(text);
        expect(checked.diagnostics['main.vmdef'].filter((d) => d.code === 'memory-operand-required').map((d) => [d.message, d.range])).toEqual([
            ['`load` needs a memory operand `[address]` as its second operand (`load d, [a]`, `store [a], s`)', rangeOf(text, 'r2')],
            ['`store` needs a memory operand `[address]` as its first operand (`load d, [a]`, `store [a], s`)', rangeOf(text, 'r1', 1)],
        ]);
    });

    it('reports a name lost to a syntax error once, as a syntax error, never as a duplicate of "undefined"', async () => {
        const checked = await check('program { nop }\nprogram { nop }\nos 1x { }\nos 2y { }\nhardware h { cpu 1 cores memory 1 GiB device : serial device : disk }\n');
        expect(codes(checked.diagnostics['main.vmdef']).filter((c) => c !== 'no-memory')).toEqual(Array(6).fill('syntax-error'));
        expect(checked.diagnostics['main.vmdef'].map((d) => d.message).join('\n')).not.toContain('undefined');
    });
});

describe('array operations over data-sized lists', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i);

    it('append, replace and take the maximum of half a million items', () => {
        const target = [-1, -2];
        appendAll(target, many);
        expect(target.length).toBe(500_002);
        replaceRange(target, 1, 1, many);
        expect(target.length).toBe(1_000_001);
        expect(target.slice(0, 3)).toEqual([-1, 0, 1]);
        expect(target.slice(500_000, 500_003)).toEqual([499_999, 0, 1]);
        expect(maxOf(many)).toBe(499_999);
        expect(maxOf([], 0)).toBe(0);
    });
});
