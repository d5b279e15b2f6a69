// A VM's console is bounded: a guest printing in a loop keeps the last MAX_CONSOLE_BYTES of its
// output, and the result says how many bytes were dropped (`consoleDropped`) — both engines
// alike, whole characters only; the report's VM card says so; the debugger's console stops with
// one line past the limit.
import { describe, expect, it } from 'vitest';
import { ConsoleOutput } from '../../debugger/console-output.js';
import { MAX_CONSOLE_BYTES, utf8Length, utf8Prefix } from '../../simulator/console-limit.js';
import { renderReport } from '../../simulator/report/page.js';
import { both, workspaceOf } from '../fast/compare.js';
import { build, run, vm } from './helpers.js';

const BOX = `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full }
`;

/** A program writing `text` (a .vmdef string literal) `times` times. */
function flood(text: string, times: number): string {
    return `${BOX}vm a on hv { memory 16 MiB devices com1 run p }
program p {
        mov r1, ${times}
loop:   out com1, "${text}"
        dec r1
        jnz loop
        out com1, "end\\n"
        hlt
}
`;
}

const LINE = 'x'.repeat(65_535); // 64 KiB with its newline

describe('console limit', () => {
    it('keeps the last 1 MiB of 64 KiB strings written 40 times, and counts what it dropped', async () => {
        const text = flood(`${LINE}\\n`, 40);
        const { exact, fast } = both(await workspaceOf([{ path: '/virtual/flood.vmdef', text }]));
        expect(exact.error).toBeUndefined();
        expect(JSON.stringify(fast.result)).toBe(JSON.stringify(exact.result));
        const { result } = await run(text);
        const a = vm(result, 'a');
        expect(a.status).toBe('halted');
        expect(a.console.length).toBe(MAX_CONSOLE_BYTES);
        expect(a.console.endsWith(`${LINE}\nend\n`)).toBe(true);
        expect(a.consoleDropped).toBe(40 * 65_536 + 4 - MAX_CONSOLE_BYTES);
        const json = JSON.parse(JSON.stringify(result));
        expect(Object.keys(json.vms[0]).slice(3, 5)).toEqual(['console', 'consoleDropped']);

        const html = renderReport(result);
        expect(html).toContain(`data-console-dropped="${a.consoleDropped}"`);
        expect(html).toContain(`${(a.consoleDropped!).toLocaleString('en-US')} bytes of earlier output dropped: a run keeps the last 1 MiB of each VM&#39;s console`);
    });

    it('counts UTF-8 bytes and never cuts a character in two', async () => {
        // 3-byte Hangul and a 4-byte emoji (a surrogate pair): 14 bytes a line, 100,000 lines
        const text = flood('가나다😀\\n', 100_000);
        const { result } = await run(text);
        const a = vm(result, 'a');
        const total = 14 * 100_000 + 4;
        expect(utf8Length(a.console)).toBeLessThanOrEqual(MAX_CONSOLE_BYTES);
        expect(utf8Length(a.console) + a.consoleDropped!).toBe(total);
        expect(a.console.endsWith('가나다😀\nend\n')).toBe(true);
        expect(a.console.charCodeAt(0) & 0xfc00).not.toBe(0xdc00); // no lone low surrogate first
        expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(a.console)).toBe(false); // no half pair
    });

    it('a console under the limit is whole and has no consoleDropped', async () => {
        const { result } = await run(flood('hi\\n', 3));
        expect(vm(result, 'a').console).toBe('hi\nhi\nhi\nend\n');
        expect('consoleDropped' in vm(result, 'a')).toBe(false);
    });

    it('the debugger\'s console shows the first 1 MiB of a VM, then one line', async () => {
        const sim = await build(flood(`${LINE}\\n`, 40));
        let shown = '';
        const output = new ConsoleOutput(sim, (t) => (shown += t));
        sim.listener = { console: (name, t) => output.onConsole(name, t) };
        sim.run();
        output.flush();
        expect(shown.length).toBe(MAX_CONSOLE_BYTES + `vmdef: VM 'a' wrote more than 1 MiB to its console; the rest is not shown here\n`.length);
        expect(shown.endsWith(`${LINE}\nvmdef: VM 'a' wrote more than 1 MiB to its console; the rest is not shown here\n`)).toBe(true);
    });

    it('utf8Prefix keeps whole characters within a byte budget', () => {
        expect(utf8Prefix('a가😀b', 1)).toBe('a');
        expect(utf8Prefix('a가😀b', 3)).toBe('a');
        expect(utf8Prefix('a가😀b', 4)).toBe('a가');
        expect(utf8Prefix('a가😀b', 7)).toBe('a가');
        expect(utf8Prefix('a가😀b', 8)).toBe('a가😀');
        expect(utf8Length('a가😀b')).toBe(9);
    });
});
