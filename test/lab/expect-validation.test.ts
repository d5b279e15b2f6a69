// The validator on `expect` lines: unknown figure paths (with the closest suggested first),
// unknown statuses, `%` on what is not cycles; and every documented form checks clean.
import { describe, expect, it } from 'vitest';
import { check, expectClean, expectDiagnostic, expectNo } from '../language/check-helper.js';

const HEAD = `hardware h { cpu 2 cores memory 1 GiB device com1: serial device disk0: disk }
hypervisor hv: type1 on h
program p { syscall exit(0) }
`;
const vm = (lines: string, devices = 'devices com1, disk0 virtio') => `${HEAD}vm web: linux on hv { ${devices} run p\n${lines}\n}\n`;

describe('expect lines: validation', () => {
    it('accepts every kind of figure of the results JSON, statuses and cycle percentages', async () => {
        expectClean(await check(vm([
            'expect status halted', 'expect status host-failed', 'expect console "3\\n"', 'expect faithful',
            'expect instructions > 0', 'expect cycles.hypervisor < 10%', 'expect cycles.total > 0', 'expect exits.io <= 3',
            'expect exits.window == 0', 'expect hypercalls.console_io == 0', 'expect fidelityViolations == 0', 'expect interrupts.lost == 0',
            'expect faults.14 == 0', 'expect faults.page_fault == 0', 'expect memory.swappedPages == 0', 'expect io.disk0.exitsPerByte < 0.5',
            'expect io.com1.exits < 100', 'expect consoleDropped == 0',
        ].join('\n'))));
    });

    it('an unknown path is an error on the path, naming the closest paths first', async () => {
        const checked = await check(vm('expect exits.oi <= 3'));
        const d = expectDiagnostic(checked, 'unknown-expect-path', 'error', 'exits.oi');
        expect(d.message).toMatch(/^'exits\.oi' is no figure of a VM's results; the closest: exits\.io, /);
    });

    it('a device the VM was not given is no figure of its results (io.DEVICE is per given device)', async () => {
        const checked = await check(vm('expect io.disk0.exits == 0', 'devices com1'));
        const d = expectDiagnostic(checked, 'unknown-expect-path', 'error', 'io.disk0.exits');
        expect(d.message).toContain('the closest: io.com1.exits');
    });

    it('a typo in a layer suggests the layer', async () => {
        const d = expectDiagnostic(await check(vm('expect cycles.hypervsor < 10%')), 'unknown-expect-path', 'error', 'cycles.hypervsor');
        expect(d.message).toContain('the closest: cycles.hypervisor,');
    });

    it('an unknown status is an error listing the statuses', async () => {
        const d = expectDiagnostic(await check(vm('expect status done')), 'unknown-expect-status', 'error', 'done');
        expect(d.message).toBe("'done' is not a VM status: halted, faulted, host-failed, limit");
    });

    it('% only on cycles: elsewhere an error on the %', async () => {
        expectDiagnostic(await check(vm('expect exits.io < 10%')), 'expect-percent-not-cycles', 'error', '%');
        expectNo(await check(vm('expect cycles.kernel >= 50%')), 'expect-percent-not-cycles');
    });
});
