// Absurd sizes (issue 10, items 8 and 9, and "Also"): each limit of language/limits.ts is a
// located error with a stable code, the limit itself is accepted, and `vmdef run` refuses
// a definition beyond one (exit 1, nothing simulated).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_COST_CYCLES } from '../../language/limits.js';
import { DEFAULT_MAX_CYCLES } from '../../simulator/engine.js';
import { check, expectClean, expectDiagnostic, expectNo } from './check-helper.js';

/** A clean definition; each test replaces one piece of it. */
const BASE = `hardware box { cpu 2 sockets x 4 cores @ 3 GHz memory 16 GiB device com1: serial }
hypervisor hv: type1 on box { reserve 1 cpus, 1 GiB scheduler credit { timeslice 30 ms } costs modern { trap 500 } }
vm a on hv { vcpus 2 memory 1 GiB devices com1 run p }
program p {
    mov r1, 42
    out com1, r1
    hlt
}
`;

const variant = (from: string, to: string) => {
    expect(BASE).toContain(from);
    return BASE.replace(from, to);
};

describe('limits', () => {
    it('the base definition and every limit itself check clean', async () => {
        expectClean(await check(BASE));
        expectClean(await check(variant('cpu 2 sockets x 4 cores', 'cpu 4 sockets x 1024 cores')));
        expectClean(await check(variant('memory 16 GiB', 'memory 64 TiB')));
        expectClean(await check(variant('@ 3 GHz', '@ 1 MHz')));
        expectClean(await check(variant('@ 3 GHz', '@ 10 GHz')));
        expectClean(await check(variant('timeslice 30 ms', 'timeslice 1 us')));
        expectClean(await check(variant('trap 500', `trap ${MAX_COST_CYCLES}`)));
        expectClean(await check(variant('mov r1, 42', 'mov r1, 0xFFFFFFFF\n    mov r2, -2147483648\n    mov r3, 4294967295')));
    });

    it('quantity-out-of-range [error] on pCPUs beyond 4,096, over the whole topology', async () => {
        const text = variant('cpu 2 sockets x 4 cores', 'cpu 2 sockets x 2049 cores');
        const d = expectDiagnostic(await check(text), 'quantity-out-of-range', 'error', '2 sockets x 2049 cores');
        expect(d.message).toBe('4,098 pCPUs: a hardware has at most 4,096 (sockets × cores × threads)');
        const huge = await check(variant('cpu 2 sockets x 4 cores', 'cpu 1000000000 cores'));
        expectDiagnostic(huge, 'quantity-out-of-range', 'error', '1000000000 cores');
    });

    it('quantity-out-of-range [error] on memory beyond 64 TiB: hardware, VM and reservation', async () => {
        const hardware = await check(variant('memory 16 GiB', 'memory 65 TiB'));
        const d = expectDiagnostic(hardware, 'quantity-out-of-range', 'error', '65 TiB');
        expect(d.message).toBe('65 TiB: memory is at most 64 TiB (what x86-64 addresses with 4-level paging)');
        expectDiagnostic(await check(variant('vcpus 2 memory 1 GiB', 'vcpus 2 memory 70000 GiB')), 'quantity-out-of-range', 'error', '70000 GiB');
        expectDiagnostic(await check(variant('reserve 1 cpus, 1 GiB', 'reserve 1 cpus, 100 TiB')), 'quantity-out-of-range', 'error', '100 TiB');
    });

    it('quantity-out-of-range [error] on reserved cpus and on vCPUs beyond 4,096 (instead of vcpus-exceed-host)', async () => {
        const reserve = await check(variant('reserve 1 cpus', 'reserve 5000 cpus'));
        expect(expectDiagnostic(reserve, 'quantity-out-of-range', 'error', '5000 cpus').message).toBe('5000 cpus: a host has at most 4,096 pCPUs');
        const vcpus = await check(variant('vcpus 2', 'vcpus 1000000000'));
        expect(expectDiagnostic(vcpus, 'quantity-out-of-range', 'error', 'vcpus 1000000000').message).toBe('1,000,000,000 vCPUs: a VM has at most 4,096');
        expectNo(vcpus, 'vcpus-exceed-host');
    });

    it('clock-out-of-range [error] for a clock of 0, under 1 MHz, over 10 GHz', async () => {
        const zero = await check(variant('@ 3 GHz', '@ 0 GHz'));
        expect(expectDiagnostic(zero, 'clock-out-of-range', 'error', '0 GHz').message).toBe('a clock of 0 GHz never ticks: the clock is at least 1 MHz');
        const slow = await check(variant('@ 3 GHz', '@ 0.5 MHz'));
        expect(expectDiagnostic(slow, 'clock-out-of-range', 'error', '0.5 MHz').message).toBe('a clock of 0.5 MHz is too slow: the clock is at least 1 MHz');
        const fast = await check(variant('@ 3 GHz', '@ 12 GHz'));
        expect(expectDiagnostic(fast, 'clock-out-of-range', 'error', '12 GHz').message).toBe('a clock of 12 GHz is faster than any CPU: the clock is at most 10 GHz');
    });

    it('timeslice-too-short [error] under 1 us', async () => {
        const checked = await check(variant('timeslice 30 ms', 'timeslice 999 ns'));
        expect(expectDiagnostic(checked, 'timeslice-too-short', 'error', '999 ns').message)
            .toBe('a time slice of 999 ns is shorter than a world switch: time slices are at least 1 us');
    });

    it('immediate-out-of-range [error] instead of a silent truncation to 32 bits', async () => {
        const big = await check(variant('mov r1, 42', 'mov r1, 99999999999999999999'));
        expect(expectDiagnostic(big, 'immediate-out-of-range', 'error', '99999999999999999999').message)
            .toBe('99999999999999999999 does not fit a 32-bit register: an immediate is from -2,147,483,648 to 4,294,967,295 (0xFFFFFFFF)');
        expectDiagnostic(await check(variant('mov r1, 42', 'mov r1, -2147483649')), 'immediate-out-of-range', 'error', '-2147483649');
        expectDiagnostic(await check(variant('mov r1, 42', 'load r1, [0x100000000]')), 'immediate-out-of-range', 'error', '0x100000000');
    });

    it('cost-out-of-range [error] beyond the cycle limit, in an override and in a preset', async () => {
        const override = await check(variant('trap 500', 'trap 100000000000000000000000'));
        const d = expectDiagnostic(override, 'cost-out-of-range', 'error', '100000000000000000000000');
        expect(d.message).toBe('a cost of 100,000,000,000,000,000,000,000 cycles: one operation costs at most 1,000,000,000 cycles (the default cycle limit of a whole run)');
        const preset = await check(`${BASE}costs mine {\n    exit 1000000001\n}\n`);
        expectDiagnostic(preset, 'cost-out-of-range', 'error', '1000000001');
    });

    it('cost-out-of-range [error] for a free instruction, in an override and in a preset (time would never advance)', async () => {
        const override = await check(variant('trap 500', 'trap 0 instruction 000'));
        expect(expectDiagnostic(override, 'cost-out-of-range', 'error', '000').message)
            .toBe('an instruction costs at least 1 cycle: at 0, time never advances and a guest loop would never reach the cycle limit');
        const preset = `${BASE}costs mine {\n    instruction 0\n}\n`;
        expectDiagnostic(await check(preset), 'cost-out-of-range', 'error', '0', { occurrence: BASE.split('0').length - 1 });
        // the least an instruction may cost, and every other cost at 0, are fine
        expectClean(await check(variant('trap 500', 'trap 0 emulate 0 io 0 instruction 1')));
    });

    it('the cost limit is the simulator\'s default cycle limit', () => {
        expect(MAX_COST_CYCLES).toBe(DEFAULT_MAX_CYCLES);
    });

    it('vmdef run refuses a definition beyond a limit: exit 1, the diagnostics, nothing simulated', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-limits-'));
        try {
            for (const [from, to, code] of [['cpu 2 sockets x 4 cores', 'cpu 1000000000 cores', 'quantity-out-of-range'],
                ['@ 3 GHz', '@ 0 GHz', 'clock-out-of-range'], ['timeslice 30 ms', 'timeslice 1 ns', 'timeslice-too-short']]) {
                const file = path.join(dir, `${code}.vmdef`);
                fs.writeFileSync(file, variant(from, to));
                const run = spawnSync(process.execPath, [path.resolve(__dirname, '../../out/cli.js'), 'run', file], { encoding: 'utf8', timeout: 60_000 });
                expect(run.status, run.stderr).toBe(1);
                expect(run.stdout).toMatch(new RegExp(`^${file.replace(/[.\\]/g, '\\$&')}:\\d+:\\d+: error ${code}: `));
                expect(run.stdout).not.toContain('simulated');
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 120_000);
});
