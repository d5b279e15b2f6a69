// Names that are JavaScript's own property names (issue 10, item 12): every table the language
// looks user text up in is a Map or a null-prototype object, so `constructor`, `__proto__`,
// `toString` and `hasOwnProperty` are ordinary names everywhere a name may stand, and ordinary
// unknown words where a unit or a hardware command is expected.
import { describe, expect, it } from 'vitest';
import { check, expectClean, expectDiagnostic, rangeOf } from './check-helper.js';

const JS_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

/** Every name position, each filled with an ordinary name unless the test puts a JS name there. */
const NAMES = {
    HW: 'box', HV: 'hv', VM: 'web', PROG: 'main', OS: 'myos', SYSCALL: 'write', HYPERCALL: 'console_out',
    DEV: 'com1', LABEL: 'top', PARAM: 'value', PRESET: 'mine',
};
type Position = keyof typeof NAMES;

function definition(position: Position | undefined, name: string): string {
    const n = (p: Position) => (p === position ? name : NAMES[p]);
    return `hardware ${n('HW')} { cpu 2 cores memory 4 GiB device ${n('DEV')}: serial }
hypervisor ${n('HV')}: type1 on ${n('HW')} { virtualization para costs ${n('PRESET')} }
vm ${n('VM')}: ${n('OS')} on ${n('HV')} { memory 1 GiB devices ${n('DEV')} run ${n('PROG')} }
program ${n('PROG')} {
${n('LABEL')}:
    syscall ${n('SYSCALL')}(${n('DEV')}, 1)
    syscall exit(0)
}
os ${n('OS')} paravirtualized {
    syscall ${n('SYSCALL')}(dev, ${n('PARAM')}) { hypercall ${n('HYPERCALL')}(dev, ${n('PARAM')}) }
    syscall exit(code) { hypercall sched_op(2, code) }
}
monitor para { on ${n('HYPERCALL')}(dev, ${n('PARAM')}) { hw io_write(dev, ${n('PARAM')}) } }
costs ${n('PRESET')} { trap 100 }
`;
}

describe('JavaScript property names as vmdef names', () => {
    it('the definition with ordinary names checks clean', async () => {
        expectClean(await check(definition(undefined, '')));
    });

    for (const name of JS_NAMES) {
        for (const position of Object.keys(NAMES) as Position[]) {
            it(`'${name}' as the ${position} name checks clean`, async () => {
                expectClean(await check(definition(position, name)));
            });
        }

        it(`'hw ${name}()' is an unknown hardware command`, async () => {
            const text = definition(undefined, '').replace('hw io_write(dev, value)', `hw ${name}()`);
            const d = expectDiagnostic(await check(text), 'unknown-hw-command', 'error', `hw ${name}()`);
            expect(d.message).toMatch(new RegExp(`^unknown hardware command 'hw ${name}' \\(known: io_write, `));
        });

        it(`'${name}' is not a unit of memory, frequency, time or cpus`, async () => {
            const text = definition(undefined, '')
                .replace('memory 4 GiB', `memory 4 ${name}`)
                .replace('cpu 2 cores', `cpu 2 cores @ 2 ${name}`)
                .replace('virtualization para', `virtualization para reserve 1 ${name} scheduler credit { timeslice 5 ${name} }`);
            const checked = await check(text);
            const mismatches = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'unit-mismatch')
                .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
            expect(mismatches.map((d) => [d.severity, d.message, d.range])).toEqual([
                `frequency (MHz, GHz)`,
                `memory (B, KiB, MiB, GiB, TiB)`,
                `cpus or memory (cpu, cpus, pcpu, pcpus, B, KiB, MiB, GiB, TiB)`,
                `time (ns, us, ms, s)`,
            ].map((expected, i) => [1, `'${name}' is not a known unit; expected ${expected}`, rangeOf(text, name, i)]));
        });

        it(`'cpu 2 ${name}' is not a CPU topology unit`, async () => {
            const text = definition(undefined, '').replace('cpu 2 cores', `cpu 2 ${name}`);
            const d = expectDiagnostic(await check(text), 'unit-mismatch', 'error', name);
            expect(d.message).toBe(`'${name}' is not a CPU topology unit (sockets, cores, threads)`);
        });
    }
});
