// Syntax errors read as sentences: what was expected, what was found, and a guess when a close
// word was expected (issue 11, item 9). Exact messages and ranges, on typical mistakes.
import { describe, expect, it } from 'vitest';
import { check, rangeOf } from './check-helper.js';
import { closestWord } from '../../language/did-you-mean.js';

/** The syntax diagnostics of `text` as [code, message, range]. */
async function syntaxErrors(text: string) {
    const checked = await check(text);
    return checked.diagnostics['main.vmdef']
        .filter((d) => d.code === 'syntax-error' || d.code === 'nested-memory-operand')
        .map((d) => [d.code, d.message, d.range]);
}

const hardware = 'hardware h { cpu 4 cores memory 8 GiB }\n';

describe('syntax error messages', () => {
    it('a misspelt technique: the choices, what was found, did you mean', async () => {
        const text = `${hardware}hypervisor xen: type1 on h { virtualization paravirt }\n`;
        expect(await syntaxErrors(text)).toEqual([['syntax-error',
            'expected `full`, `binary`, `para` or `hardware` after `virtualization`, found `paravirt`; did you mean `para`?', rangeOf(text, 'paravirt')]]);
    });

    it('a misspelt hypervisor type', async () => {
        const text = `${hardware}hypervisor xen: typ1 on h\n`;
        expect(await syntaxErrors(text)).toEqual([['syntax-error', 'expected `type1` or `type2`, found `typ1`; did you mean `type1`?', rangeOf(text, 'typ1')]]);
    });

    it('a misspelt property of a VM: every word that could continue the block', async () => {
        const text = `${hardware}hypervisor xen: type1 on h\nvm web on xen { vcpu 2 }\n`;
        expect(await syntaxErrors(text)).toEqual([['syntax-error',
            'expected `vcpus`, `memory`, `pin`, `devices`, `passthrough`, `weight`, `run`, `fail`, `expect` or `}`, found `vcpu`; did you mean `vcpus`?', rangeOf(text, 'vcpu')]]);
    });

    it('a misspelt instruction is named, not read as a label missing its colon', async () => {
        const text = 'program p {\n    mvo r1, 2\n    hlt\n}\n';
        expect(await syntaxErrors(text)).toEqual([['syntax-error',
            '`mvo` is not an instruction; did you mean `mov`? (a label would need `:` after it)', rangeOf(text, 'mvo')]]);
    });

    it('a label missing its colon gets no far-fetched guess', async () => {
        const text = 'program p {\n    loop\n    hlt\n}\n';
        expect(await syntaxErrors(text)).toEqual([['syntax-error', '`loop` is not an instruction (a label would need `:` after it)', rangeOf(text, 'loop')]]);
    });

    it('an instruction whose second token does not fit', async () => {
        const text = 'program p { syscall }(0) }\n';
        const [error] = await syntaxErrors(text);
        expect(error.slice(0, 2)).toEqual(['syntax-error', 'expected an instruction or a label; `syscall` starts one, but what follows it does not fit']);
    });

    it('a missing name says so', async () => {
        const text = 'program { nop }\n';
        expect(await syntaxErrors(text)).toEqual([['syntax-error', 'expected a name after `program`, found `{`', rangeOf(text, '{')]]);
    });

    it('a stray number in code: an instruction, a label or the end of the block', async () => {
        const text = 'program p { mov r1, 2 3 }\n';
        expect(await syntaxErrors(text)).toEqual([['syntax-error', 'expected an instruction, a label or `}`, found `3`', rangeOf(text, '3')]]);
    });

    it('a missing operand at the end of the file', async () => {
        const text = 'program p { mov r1,';
        const [error] = await syntaxErrors(text);
        expect(error.slice(0, 2)).toEqual(['syntax-error', 'expected an operand, found the end of the file']);
    });

    it('text after the last declaration', async () => {
        const text = 'program p { nop } }\n';
        expect(await syntaxErrors(text)).toEqual([['syntax-error',
            'expected a declaration (`hardware`, `hypervisor`, `vm`, `program`, `os`, `monitor` or `costs`), found `}`', rangeOf(text, '}', 1)]]);
    });

    it('an emoji outside a comment is quoted whole, never half a surrogate pair', async () => {
        const text = 'program p { nop 😀 }\n';
        const errors = await syntaxErrors(text);
        expect(errors).toEqual([['syntax-error', 'unexpected character `😀` (U+1F600): not part of the language outside a comment or a string', rangeOf(text, '😀')]]);
        expect(String(errors[0][1])).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    });

    it('a huge word is quoted cut short', async () => {
        const word = `v${'m'.repeat(100_000)}`;
        const text = `hypervisor h: ${word} on x\n`;
        const [error] = await syntaxErrors(text);
        expect(error[1]).toBe(`expected \`type1\` or \`type2\`, found \`v${'m'.repeat(39)}…\``);
    });
});

describe('did you mean', () => {
    it('guesses within a few edits or a common start, and not beyond', () => {
        expect(closestWord('paravirt', ['full', 'binary', 'para', 'hardware'])).toBe('para');
        expect(closestWord('mvo', ['mov', 'nop'])).toBe('mov');
        expect(closestWord('Type1', ['type1', 'type2'])).toBe('type1');
        expect(closestWord('memry', ['cpu', 'memory'])).toBe('memory');
        expect(closestWord('loop', ['nop', 'pop'])).toBeUndefined();
        expect(closestWord('zzz', ['full', 'para'])).toBeUndefined();
    });
});
