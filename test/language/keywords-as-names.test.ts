// Every word that is a keyword somewhere in the grammar is a name wherever the grammar takes a
// name (issue 11: `hypervisor x:` and `device timer: timer` failed). The list of keywords is
// read from the grammar, so a new keyword is tried here without anyone adding it.
import { describe, expect, it } from 'vitest';
import { parseHelper } from 'langium/test';
import { createServices } from '../../language/workspace.js';
import { wordKeywords } from '../../language/syntax/token-groups.js';
import type { CostPreset, Handler, Hardware, HwCommand, Hypervisor, Jump, Label, Model, NameRef, Op2, Os, Program, SyscallCall, Vm } from '../../language/generated/ast.js';
import { check, expectClean } from './check-helper.js';

const services = createServices();
const parse = parseHelper<Model>(services);

/**
 * Keywords that stay reserved, with the reason. The registers: an operand `r1` must always be
 * the register, so a parameter or device named `r1` could never be used.
 */
const NOT_NAMES = new Set(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'sp']);

const keywords = [...wordKeywords(services.Grammar)].sort();
const names = keywords.filter((k) => !NOT_NAMES.has(k));

/** One text using `n` in every place the grammar takes a name or a reference to one. */
function everywhere(n: string): string {
    return `
hardware ${n} { cpu 2 cores memory 4 GiB device ${n}: timer { ${n} 5 } }
hypervisor ${n}: type1 on ${n} { host ${n} costs ${n} { ${n} 1 } }
costs ${n} { ${n} 1 }
os ${n} {
    syscall ${n}(${n}) { out ${n}, ${n} }
    on ${n}(${n}) { hw ${n}(${n}) }
}
monitor para { on ${n}(${n}) { hypercall ${n}(${n}) } }
program ${n} {
${n}:   syscall ${n}(${n}, 1)
        mov r1, [${n}]
        jmp ${n}
}
vm ${n}: ${n} on ${n} { devices ${n} run ${n} on vcpu 0 }
`;
}

describe('keywords as names', () => {
    it('reads the keywords from the grammar (the list this test covers)', () => {
        expect(keywords).toEqual(expect.arrayContaining(['x', 'timer', 'hardware', 'mov', 'on', 'syscall', 'para', 'r1']));
        expect(keywords.length).toBeGreaterThan(90);
        // Every exclusion is still a keyword (a stale entry would hide a keyword from the test).
        for (const k of NOT_NAMES) expect(keywords).toContain(k);
    });

    it.each(names)('`%s` is a name in every place a name stands', async (n) => {
        const document = await parse(everywhere(n));
        expect(document.parseResult.lexerErrors).toEqual([]);
        expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
        const [hardware, hypervisor, preset, os, monitor, program, vm] = document.parseResult.value.elements as [Hardware, Hypervisor, CostPreset, Os, { handlers: Handler[] }, Program, Vm];
        expect(hardware.name).toBe(n);
        expect(hardware.devices[0]).toMatchObject({ name: n, kind: 'timer' });
        expect(hardware.devices[0].properties[0].name).toBe(n);
        expect(hypervisor.name).toBe(n);
        expect(hypervisor.hardware.$refText).toBe(n);
        expect(hypervisor.host?.os.$refText).toBe(n);
        expect(hypervisor.costs?.preset.$refText).toBe(n);
        expect(hypervisor.costs?.overrides[0].name).toBe(n);
        expect(preset.name).toBe(n);
        expect(preset.entries[0].name).toBe(n);
        expect(os.name).toBe(n);
        expect(os.syscalls[0].name).toBe(n);
        expect(os.syscalls[0].params[0].name).toBe(n);
        expect((os.syscalls[0].body[0] as Op2).a).toMatchObject({ $type: 'NameRef', name: n });
        expect(os.drivers[0].name).toBe(n);
        expect((os.drivers[0].body[0] as HwCommand).name).toBe(n);
        expect(((os.drivers[0].body[0] as HwCommand).args[0] as NameRef).name).toBe(n);
        expect(monitor.handlers[0].name).toBe(n);
        expect(program.name).toBe(n);
        const [label, call, load, jump] = program.body as [Label, SyscallCall, Op2, Jump];
        expect(label.name).toBe(n);
        expect(call.name).toBe(n);
        expect((call.args[0] as NameRef).name).toBe(n);
        expect(load.b).toMatchObject({ $type: 'Memory', address: { $type: 'NameRef', name: n } });
        expect(jump.target.$refText).toBe(n);
        expect(jump.target.ref).toBe(label);
        expect(vm.name).toBe(n);
        expect(vm.os?.$refText).toBe(n);
        expect(vm.hypervisor.$refText).toBe(n);
        expect(vm.devices[0].$refText).toBe(n);
        expect(vm.runs[0].program.$refText).toBe(n);
        expect(vm.runs[0].vcpu).toBe(0);
    });

    it.each([...NOT_NAMES])('`%s` stays a register where an operand stands', async (register) => {
        const document = await parse(`program p { mov ${register}, 1 }`);
        expect(document.parseResult.parserErrors).toEqual([]);
        expect(((document.parseResult.value.elements[0] as Program).body[0] as Op2).a).toMatchObject({ $type: 'Register', reg: register });
    });

    it('checks the two definitions of the issue clean: `hypervisor x:` and `device timer: timer`', async () => {
        expectClean(await check(`
hardware h { cpu 2 sockets x 8 cores memory 64 GiB device timer: timer device com1: serial }
hypervisor x: type1 on h
vm v on x { memory 1 GiB devices com1, timer run p }
program p { lidt tick out timer, 5 out com1, "hi" hlt tick: iret }
`));
    });
});
