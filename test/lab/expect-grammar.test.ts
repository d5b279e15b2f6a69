// The `expect` lines of a VM (docs/language.md, Lab expectations): what the parser makes of each form.
import { describe, expect, it } from 'vitest';
import { parseHelper } from 'langium/test';
import { createServices } from '../../language/workspace.js';
import type { Model, Vm } from '../../language/generated/ast.js';

const parse = parseHelper<Model>(createServices());

async function expectsOf(lines: string) {
    const document = await parse(`vm v on hv {\n${lines}\n    run p\n}`);
    expect(document.parseResult.lexerErrors).toEqual([]);
    expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
    const vm = document.parseResult.value.elements[0] as Vm;
    return vm.expects.map(({ status, console, faithful, figure, op, value, percent }) => ({ status, console, faithful, figure, op, value, percent }));
}

describe('expect lines', () => {
    it('reads status, console and faithful', async () => {
        const found = await expectsOf('expect status halted expect status host-failed expect console "3\\n2\\n" expect faithful');
        expect(found).toEqual([
            { status: 'halted', console: undefined, faithful: false, figure: undefined, op: undefined, value: undefined, percent: false },
            { status: 'host-failed', console: undefined, faithful: false, figure: undefined, op: undefined, value: undefined, percent: false },
            { status: undefined, console: '3\n2\n', faithful: false, figure: undefined, op: undefined, value: undefined, percent: false },
            { status: undefined, console: undefined, faithful: true, figure: undefined, op: undefined, value: undefined, percent: false },
        ]);
    });

    it('reads a figure path, every operator, decimals and percentages', async () => {
        const found = await expectsOf([
            'expect exits.io <= 3', 'expect cycles.hypervisor < 10%', 'expect interrupts.lost == 0', 'expect instructions != 7',
            'expect io.disk0.exitsPerByte > 0.5', 'expect faults.14 >= 1', 'expect memory.swappedPages == 0', 'expect exits.hlt == 1',
        ].join('\n'));
        expect(found.map((e) => [e.figure, e.op, e.value, e.percent])).toEqual([
            ['exits.io', '<=', 3, false], ['cycles.hypervisor', '<', 10, true], ['interrupts.lost', '==', 0, false], ['instructions', '!=', 7, false],
            ['io.disk0.exitsPerByte', '>', 0.5, false], ['faults.14', '>=', 1, false], ['memory.swappedPages', '==', 0, false], ['exits.hlt', '==', 1, false],
        ]);
    });

    it('takes the words of expect lines as names elsewhere (`status`, `console`, `faithful`, `expect`)', async () => {
        const document = await parse('program status { console: nop jmp console } vm faithful on expect { run status expect status halted }');
        expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
        const vm = document.parseResult.value.elements[1] as Vm;
        expect([vm.name, vm.hypervisor.$refText, vm.expects[0].status]).toEqual(['faithful', 'expect', 'halted']);
    });

    it('a path segment that is a keyword (`cycles.hypervisor`, `memory.touchedPages`) and a first segment named like a keyword (`status` as a figure is not one)', async () => {
        const found = await expectsOf('expect memory.touchedPages < 5 expect cycles.host == 0');
        expect(found.map((e) => e.figure)).toEqual(['memory.touchedPages', 'cycles.host']);
    });

    it('an expect without a comparison is a syntax error', async () => {
        const document = await parse('vm v on hv { expect exits.io 3 }');
        expect(document.parseResult.parserErrors.length).toBeGreaterThan(0);
    });
});
