// Names that are JavaScript's own property names (`constructor`, `__proto__`, `toString`,
// `hasOwnProperty`, `valueOf`) are names like any other: as hypercalls, devices, VMs, programs,
// labels and OSes they count, print and report right — in the run's JSON (both engines) and the
// report's tables.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../simulator/report/page.js';
import { both, workspaceOf } from '../fast/compare.js';
import { run, vm } from './helpers.js';

const TEXT = `hardware box { cpu 2 cores @ 1 GHz memory 1 GiB device constructor: serial device __proto__: serial device toString: serial }
hypervisor xen: type1 on box { virtualization para }
monitor para {
    on constructor(dev, value) {
        hw io_write(dev, value)
    }
    on __proto__(dev, value) {
        hw io_write(dev, value)
    }
    on toString(dev, value) {
        hw io_write(dev, value)
    }
    on hasOwnProperty(dev, value) {
        hw io_write(dev, value)
    }
    on valueOf(dev, value) {
        hw io_write(dev, value)
    }
}
os valueOf paravirtualized {
    syscall write(dev, value) {
        hypercall constructor(dev, value)
        hypercall __proto__(dev, value)
        hypercall __proto__(dev, value)
        hypercall toString(dev, value)
        hypercall hasOwnProperty(dev, value)
        hypercall valueOf(dev, value)
    }
}
vm constructor: valueOf on xen { memory 16 MiB devices constructor, __proto__, toString run toString }
vm __proto__: valueOf on xen { memory 16 MiB devices constructor, __proto__, toString run hasOwnProperty }
program toString {
        mov r1, 2
valueOf:
        syscall write(__proto__, r1)
        dec r1
        jnz valueOf
}
program hasOwnProperty {
constructor:
        syscall write(toString, "hi\\n")
}
`;

/** Own properties only: what JSON.stringify writes. */
const own = (counts: Record<string, number>) => JSON.parse(JSON.stringify(counts)) as unknown;

describe('names that are JavaScript property names', () => {
    it('count, print and report like any other name, on both engines', async () => {
        const { exact, fast } = both(await workspaceOf([{ path: '/virtual/proto.vmdef', text: TEXT }]));
        expect(exact.error).toBeUndefined();
        expect(JSON.stringify(fast.result)).toBe(JSON.stringify(exact.result));
        const { result } = await run(TEXT);
        expect(result.vms.map((v) => [v.name, v.status])).toEqual([['constructor', 'halted'], ['__proto__', 'halted']]);
        const c = vm(result, 'constructor');
        const p = vm(result, '__proto__');
        expect(c.console).toBe('2\n'.repeat(6) + '1\n'.repeat(6));
        expect(p.console).toBe('hi\n'.repeat(6));
        const perWrite = { constructor: 1, ['__proto__']: 2, toString: 1, hasOwnProperty: 1, valueOf: 1 };
        expect(own(c.hypercalls)).toEqual(Object.fromEntries(Object.entries(perWrite).map(([k, n]) => [k, 2 * n])));
        expect(own(p.hypercalls)).toEqual(perWrite);
        expect(JSON.stringify(result)).not.toContain('native code');
        expect(JSON.parse(JSON.stringify(result)).vms[1].hypercalls.__proto__).toBe(2);

        const html = renderReport(result);
        expect(html).not.toContain('native code');
        expect(html).toMatch(/<tr data-hypercall="__proto__"><td><code>__proto__<\/code><\/td><td class="num">4<\/td>/);
        expect(html).toMatch(/<tr data-hypercall="constructor"><td><code>constructor<\/code><\/td><td class="num">2<\/td>/);
        // the comparison adds up both VMs: 4 + 2 __proto__ hypercalls, 3 of every other
        expect(html).toMatch(/data-row="hypercall-__proto__"><th scope="row">[^<]*<\/th><td class="num">6<\/td>/);
        expect(html).toMatch(/data-row="hypercall-valueOf"><th scope="row">[^<]*<\/th><td class="num">3<\/td>/);
        expect(html).toMatch(/data-row="hypercalls"><th scope="row">[^<]*<\/th><td class="num">18<\/td>/);
    });
});
