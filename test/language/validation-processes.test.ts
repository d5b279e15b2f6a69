// Several programs on one vCPU (docs/language.md, Processes): code, severity and exact range of
// each diagnostic, and the cases where none appears.
import { describe, expect, it } from 'vitest';
import { check, expectClean, expectDiagnostic, expectNo } from './check-helper.js';

const BASE = `hardware box {
    cpu 2 cores
    memory 4 GiB
    device com1: serial
}
hypervisor esx: type1 on box
program first { syscall exit(0) }
program second { syscall exit(0) }
`;

describe('processes', () => {
    it('two programs on vCPU 0 of a linux VM are processes: clean', async () => {
        expectClean(await check(`${BASE}vm db: linux on esx {\n    run first\n    run second\n}\n`));
    });

    it('xenlinux switches processes with hypercall mmuext_op: clean under para', async () => {
        const text = `${BASE.replace('hypervisor esx: type1 on box', 'hypervisor esx: type1 on box { virtualization para }')}vm db: xenlinux on esx {\n    run first\n    run second\n}\n`;
        expectClean(await check(text));
    });

    it('processes-without-os on the second run of a VM without OS', async () => {
        const text = `${BASE}vm uk on esx {\n    run first\n    run second\n}\n`.replace(/syscall exit\(0\)/g, 'hlt');
        const checked = await check(text);
        const d = expectDiagnostic(checked, 'processes-without-os', 'error', 'second', { occurrence: 1 });
        expect(d.message).toContain("VM 'uk' has no OS");
    });

    it('processes-off-boot-vcpu on a vCPU other than 0', async () => {
        const text = `${BASE}vm db: linux on esx {\n    vcpus 2\n    run first on vcpu 1\n    run second on vcpu 1\n}\n`;
        const checked = await check(text);
        expectDiagnostic(checked, 'processes-off-boot-vcpu', 'error', '1', { occurrence: 3 });
        // one program per vCPU: nothing
        expectNo(await check(text.replace('run second on vcpu 1', 'run second')), 'processes-off-boot-vcpu');
    });

    it('processes-without-switch under an OS whose timer handler loads no directory', async () => {
        const os = `os plain {\n    syscall exit(code) {\n        hlt\n    }\n    interrupt timer() {\n        nop\n    }\n}\n`;
        const text = `${BASE}${os}vm db: plain on esx {\n    run first\n    run second\n}\n`;
        const checked = await check(text);
        const d = expectDiagnostic(checked, 'processes-without-switch', 'warning', 'second', { occurrence: 1 });
        expect(d.message).toContain("OS 'plain' switches no address space");
        expectNo(await check(text.replace('nop', 'lcr3 0x1000')), 'processes-without-switch');
    });
});
