// `vmdef run --explain` through the real bundled CLI: the narrated trace, one line per layer
// change, in English and in Korean, bounded by a line cap and by --max-cycles; with --json the
// narration goes to stderr and stdout stays one JSON object.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, vmdef } from '../helpers/cli.js';

const TYPE1 = path.join(ROOT, 'test/debug/fixtures/type1.vmdef');
const TYPE2 = path.join(ROOT, 'test/debug/fixtures/type2.vmdef');

/** A kernel that traps 2,000 times: more layer changes than --explain narrates. */
const MANY = path.join(ROOT, 'test/cli/fixtures/many-traps.vmdef');

const narrated = (stdout: string) => stdout.split('\n').filter((l) => /^\[\d+\] /.test(l));

describe('vmdef run --explain', () => {
    it('narrates each layer change: the syscall, the trap with its technique and cost, the hardware commands, the returns', () => {
        const r = vmdef(['run', '--explain', TYPE1]);
        expect(r.status).toBe(0);
        expect(narrated(r.stdout).slice(0, 10)).toEqual([
            // the run begins in linux's boot { } (kernel set-up): said at cycle 0, then its return
            "[0] web/vcpu0 starts in linux's boot { } in kernel mode: the kernel sets itself up before the program's first instruction",
            '[2] web/vcpu0 returns from boot to the guest program',
            '[1103] web/vcpu0 executes `syscall write(com1, r1)` in user mode: a system call, so it enters its kernel (linux) — user → kernel',
            "[2103] web/vcpu0 executes `out com1, 3` in kernel mode; under trap-and-emulate it is privileged, so it traps to the hypervisor's io_out handler (1,000 cycles)",
            '[2104] web/vcpu0: the hypervisor issues the hardware command `hw emulate()`',
            '[2704] web/vcpu0 returns from hw emulate to the hypervisor',
            '[2705] web/vcpu0: the hypervisor issues the hardware command `hw io_write(com1, 3)`',
            '[3705] web/vcpu0 returns from hw io_write to the hypervisor',
            '[3705] web/vcpu0 returns from trap io_out to the guest kernel',
            '[3705] web/vcpu0 returns from syscall write to the guest program',
        ]);
        // the console and the summary are there as without --explain
        expect(r.stdout).toMatch(/^3$\n[\s\S]*^liftoff$/m);
        expect(r.stdout).toMatch(/^web\s+hv\s+halted/m);
    });

    it('names the VM exit and the world switch of a Type 2 hypervisor under hardware assistance', () => {
        const lines = narrated(vmdef(['run', '--explain', TYPE2]).stdout);
        expect(lines).toContainEqual(expect.stringMatching(/ executes `out com1, \d+` in kernel mode; under hardware-assisted virtualization the CPU leaves the guest with a VM exit \(30 IO_INSTRUCTION\) to the hypervisor \([\d,]+ cycles\)$/));
        expect(lines).toContainEqual(expect.stringMatching(/: the hypervisor cannot touch the hardware itself, so it switches worlds to the host OS: host linux io_write \([\d,]+ cycles\)$/));
        expect(lines).toContainEqual(expect.stringMatching(/: the host OS issues the hardware command `hw io_write\(com1, \d+\)`$/));
    });

    it('in Korean with --lang ko', () => {
        const lines = narrated(vmdef(['run', '--explain', '--lang', 'ko', TYPE1]).stdout);
        expect(lines[3]).toBe('[2103] web/vcpu0이(가) 커널 모드에서 `out com1, 3`을(를) 실행합니다. 전가상화(트랩 후 에뮬레이션)에서는 특권 명령어이므로 하이퍼바이저의 io_out 핸들러로 트랩됩니다 (1,000 사이클)');
    });

    it('stops at 1,000 lines and counts the rest; --max-cycles bounds the run', () => {
        const file = MANY;
        const r = vmdef(['run', '--explain', file]);
        expect(narrated(r.stdout)).toHaveLength(1000);
        // as many layer changes as --trace has lines
        const changes = narrated(vmdef(['run', '--trace', file]).stdout).length;
        expect(changes).toBeGreaterThan(12_000);
        expect(r.stdout).toContain(`… ${changes - 1000} more layer changes not explained (at most 1000 lines)`);
        const short = vmdef(['run', '--explain', '--max-cycles', '10000', file]);
        const lines = narrated(short.stdout);
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.length).toBeLessThan(100);
        expect(short.stdout).not.toContain('more layer changes');
        expect(short.stdout).toMatch(/^many\s+hv\s+limit/m);
    });

    it('with --json: the narration on stderr, one JSON object on stdout', () => {
        const r = vmdef(['run', '--explain', '--json', TYPE1]);
        expect(JSON.parse(r.stdout).vms[0].name).toBe('web');
        expect(narrated(r.stderr)[2]).toMatch(/^\[1103\] web\/vcpu0 executes `syscall write/);
    });
});
