// Resource and configuration diagnostics (LANGUAGE.md §7): code, severity and exact range of
// each, a case where it must not appear, and multi-file workspaces.
import { describe, expect, it } from 'vitest';
import { check, expectClean, expectDiagnostic, expectNo, rangeOf } from './check-helper.js';

const HW = `hardware small {
    cpu 8 cores
    memory 32 GiB
    extensions vtx
    device com1: serial
    device nic0: nic
}
`;

describe('cpu and memory overcommit', () => {
    const text = `${HW}
hypervisor esx: type1 on small {
    reserve 1 cpus, 2 GiB
}
vm db: linux on esx { vcpus 7 memory 16 GiB }
vm app: linux on esx { vcpus 5 memory 24 GiB }
`;

    it('reports both on the hypervisor name with the figures and related information at each VM', async () => {
        const checked = await check(text);
        const cpu = expectDiagnostic(checked, 'cpu-overcommit', 'error', 'esx');
        expect(cpu.message).toBe('CPU overcommit: 12 vCPUs on 7 usable pCPUs = 1.71:1; overcommit allowed: 1.0 (8 pCPUs − 1 reserved by the hypervisor)');
        expect(cpu.relatedInformation?.map((r) => r.message.split(':')[0])).toEqual(["VM 'db'", "VM 'app'"]);
        expect(cpu.relatedInformation?.[1].location.range).toEqual(rangeOf(text, 'app'));
        const memory = expectDiagnostic(checked, 'memory-overcommit', 'error', 'esx');
        expect(memory.message).toBe('memory overcommit: 40 GiB on 30 GiB usable = 1.33:1; overcommit allowed: 1.0 (32 GiB − 2 GiB reserved by the hypervisor)');
    });

    it('is information (cpu) and a warning (memory) within the allowed ratio', async () => {
        const checked = await check(text.replace('reserve 1 cpus, 2 GiB', 'reserve 1 cpus, 2 GiB\n    overcommit cpu 2.0, memory 150%'));
        const cpu = expectDiagnostic(checked, 'cpu-overcommit-allowed', 'information', 'esx');
        expect(cpu.message).toContain('1.71:1; overcommit allowed: 2.0');
        expect(checked.diagnostics['main.vmdef'].find((d) => d.code === 'memory-overcommit-allowed')?.message).toContain('40 GiB on 30 GiB usable = 1.33:1; overcommit allowed: 1.5');
        expectDiagnostic(checked, 'memory-overcommit-allowed', 'warning', 'esx');
        expectNo(checked, 'cpu-overcommit');
        expectNo(checked, 'memory-overcommit');
    });

    it('counts the Type 2 host OS reserve', async () => {
        const checked = await check(`${HW}
hypervisor vb: type2 on small {
    host linux { reserve 2 cpus, 8 GiB }
}
vm a: linux on vb { vcpus 6 memory 26 GiB }
`);
        expectNo(checked, 'cpu-overcommit');
        const memory = expectDiagnostic(checked, 'memory-overcommit', 'error', 'vb');
        expect(memory.message).toContain('26 GiB on 24 GiB usable = 1.08:1; overcommit allowed: 1.0 (32 GiB − 8 GiB reserved by the host OS)');
        expectClean(await check(`${HW}
hypervisor vb: type2 on small {
    host linux { reserve 2 cpus, 8 GiB }
}
vm a: linux on vb { vcpus 6 memory 24 GiB }
`));
    });

    it('sums VMs declared in other files (a VM in file A on a hypervisor in file B)', async () => {
        const checked = await check({
            'a.vmdef': `vm one: linux on esx { vcpus 4 memory 4 GiB }\n`,
            'b.vmdef': `${HW}hypervisor esx: type1 on small\n`,
            'c.vmdef': `vm two: linux on esx { vcpus 5 memory 4 GiB }\n`,
        });
        const d = expectDiagnostic(checked, 'cpu-overcommit', 'error', 'esx', { file: 'b.vmdef' });
        expect(d.message).toBe('CPU overcommit: 9 vCPUs on 8 usable pCPUs = 1.13:1; overcommit allowed: 1.0');
        expect(d.relatedInformation?.map((r) => r.location.uri.split('/').pop())).toEqual(['a.vmdef', 'c.vmdef']);
        expect(checked.diagnostics['a.vmdef']).toEqual([]);
    });

    it('says nothing when the VMs fit', async () => {
        expectClean(await check(`${HW}hypervisor esx: type1 on small { reserve 1 cpus }\nvm a: linux on esx { vcpus 7 memory 32 GiB }\n`));
    });
});

describe('per-VM resources', () => {
    it('vcpus-exceed-host on the vcpus property, counting reservations', async () => {
        const text = `${HW}hypervisor esx: type1 on small { reserve 1 cpus overcommit cpu 4.0 }\nvm db: linux on esx {\n    vcpus 8\n    memory 1 GiB\n}\n`;
        const checked = await check(text);
        const d = expectDiagnostic(checked, 'vcpus-exceed-host', 'error', 'vcpus 8');
        expect(d.message).toContain('8 vCPUs but host \'small\' has 7 usable pCPUs (8 pCPUs − 1 reserved)');
        expectNo(await check(text.replace('vcpus 8', 'vcpus 7')), 'vcpus-exceed-host');
    });

    it('pin-out-of-range on the offending index only', async () => {
        const text = `${HW}hypervisor esx: type1 on small\nvm db: linux on esx {\n    pin 0, 9, 7\n}\n`;
        const checked = await check(text);
        expectDiagnostic(checked, 'pin-out-of-range', 'error', '9');
        expectClean(await check(text.replace('0, 9, 7', '0, 7')));
    });

    it('vcpu-out-of-range for `run X on vcpu N` with N >= vcpus', async () => {
        const text = `${HW}hypervisor esx: type1 on small\nvm db: linux on esx {\n    vcpus 2\n    run p on vcpu 2\n}\nprogram p { syscall exit(0) }\n`;
        const checked = await check(text);
        expectDiagnostic(checked, 'vcpu-out-of-range', 'error', '2', { occurrence: 2 });
        expectClean(await check(text.replace('on vcpu 2', 'on vcpu 1')));
    });
});

describe('devices', () => {
    // vtd: passing a device through needs an IOMMU (passthrough-without-iommu otherwise).
    const base = `${HW.replace('extensions vtx', 'extensions vtx, vtd')}hypervisor esx: type1 on small\n`;

    it('passthrough-conflict where the device is named the second time: passthrough then shared', async () => {
        const text = `${base}vm db on esx {\n    passthrough nic0\n}\nvm app on esx {\n    devices com1, nic0\n}\n`;
        const checked = await check(text);
        const d = expectDiagnostic(checked, 'passthrough-conflict', 'error', 'nic0', { occurrence: 2 });
        expect(d.message).toContain("passed through to VM 'db'");
    });

    it('passthrough-conflict: shared first, passed through second; and passed through to two VMs', async () => {
        const shared = `${base}vm app on esx {\n    devices nic0\n}\nvm db on esx {\n    passthrough nic0\n}\n`;
        expectDiagnostic(await check(shared), 'passthrough-conflict', 'error', 'nic0', { occurrence: 2 });
        const twice = `${base}vm a on esx { passthrough nic0 }\nvm b on esx { passthrough com1, nic0 }\n`;
        expectDiagnostic(await check(twice), 'passthrough-conflict', 'error', 'nic0', { occurrence: 2 });
    });

    it('passthrough-conflict across files, in workspace order', async () => {
        const checked = await check({ 'a.vmdef': `${base}vm a on esx { passthrough nic0 }\n`, 'b.vmdef': `vm b on esx { devices nic0 }\n` });
        expectDiagnostic(checked, 'passthrough-conflict', 'error', 'nic0', { file: 'b.vmdef' });
        expect(checked.diagnostics['a.vmdef']).toEqual([]);
    });

    it('no conflict when a device is only shared', async () => {
        expectClean(await check(`${base}vm a on esx { devices com1 passthrough nic0 }\nvm b on esx { devices com1 }\n`));
    });

    it('unknown-device on a `devices` or `passthrough` name the host does not have', async () => {
        const text = `${base}vm a on esx {\n    devices com1, eth9\n    passthrough disk7\n}\n`;
        const checked = await check(text);
        const found = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'unknown-device');
        expect(found.map((d) => [d.severity, d.range])).toEqual([[1, rangeOf(text, 'eth9')], [1, rangeOf(text, 'disk7')]]);
        expect(found[0].message).toContain("unknown device 'eth9'");
        expectNo(checked, 'unresolved-reference');
    });
});

describe('hypervisor configuration', () => {
    it('hardware-in-use on the second hypervisor\'s hardware name', async () => {
        const text = `${HW}hypervisor a: type1 on small\nhypervisor b: type1 on small\n`;
        const checked = await check(text);
        const d = expectDiagnostic(checked, 'hardware-in-use', 'error', 'small', { occurrence: 2 });
        expect(d.message).toContain("already runs hypervisor 'a'");
        expectClean(await check(`${HW}hypervisor a: type1 on small\n${HW.replace('small', 'small2')}hypervisor b: type1 on small2\n`));
    });

    it('host-os-required on a type2 name; host-os-forbidden on a type1 host', async () => {
        const required = await check(`${HW}hypervisor vb: type2 on small {\n    virtualization hardware\n}\n`);
        expectDiagnostic(required, 'host-os-required', 'error', 'vb');
        const forbidden = `${HW}hypervisor esx: type1 on small {\n    host linux { reserve 1 cpus }\n}\n`;
        expectDiagnostic(await check(forbidden), 'host-os-forbidden', 'error', 'host linux { reserve 1 cpus }');
        expectClean(await check(`${HW}hypervisor vb: type2 on small {\n    host linux { reserve 1 cpus }\n}\n`));
    });

    it('hw-virt-unavailable on `virtualization hardware` without vtx or svm', async () => {
        const text = `${HW.replace('    extensions vtx\n', '    extensions ept\n')}hypervisor kvm: type1 on small {\n    virtualization hardware\n}\n`;
        const d = expectDiagnostic(await check(text), 'hw-virt-unavailable', 'error', 'virtualization hardware');
        expect(d.message).toContain("hardware 'small'");
        expectClean(await check(text.replace('extensions ept', 'extensions svm')));
    });

    it('pv-kernel-required on the VM\'s OS name', async () => {
        const text = `${HW}hypervisor xen: type1 on small { virtualization para }\nvm a: linux on xen { run p }\nprogram p { syscall exit(0) }\n`;
        expectDiagnostic(await check(text), 'pv-kernel-required', 'error', 'linux');
        expectClean(await check(text.replace(': linux on', ': xenlinux on')));
    });

    it('pv-kernel-needs-para: a paravirtualized OS on a hypervisor that does not handle hypercalls', async () => {
        const text = `${HW}hypervisor esx: type1 on small { virtualization full }\nvm a: xenlinux on esx\n`;
        expect(expectDiagnostic(await check(text), 'pv-kernel-needs-para', 'error', 'xenlinux').message).toContain("'virtualization full'");
        expectClean(await check(text.replace('virtualization full', 'virtualization para')));
    });

    it('unknown-cost for an override or preset entry not in the cost table', async () => {
        const text = `${HW}hypervisor esx: type1 on small {\n    costs modern { trapp 10 }\n}\n`;
        const d = expectDiagnostic(await check(text), 'unknown-cost', 'error', 'trapp');
        expect(d.message).toContain('known: instruction');
        expectClean(await check(text.replace('trapp 10', 'trap 10 syscall 50 hypercall 900 timer 10')));
    });
});

describe('hardware and units', () => {
    it('no-cpu and no-memory on the hardware name', async () => {
        const checked = await check(`hardware bare {\n    device com1: serial\n}\n`);
        expectDiagnostic(checked, 'no-cpu', 'error', 'bare');
        expectDiagnostic(checked, 'no-memory', 'error', 'bare');
    });

    it('missing-unit and unit-mismatch', async () => {
        const missing = `hardware h {\n    cpu 2 cores\n    memory 4\n}\n`;
        const d = expectDiagnostic(await check(missing), 'missing-unit', 'error', '4');
        expect(d.message).toContain('GiB');
        const wrong = `hardware h {\n    cpu 2 cores @ 3 GiB\n    memory 4 ms\n}\n`;
        const checked = await check(wrong);
        const found = checked.diagnostics['main.vmdef'].filter((x) => x.code === 'unit-mismatch');
        expect(found.map((x) => x.range)).toEqual([rangeOf(wrong, 'GiB'), rangeOf(wrong, 'ms')]);
        expect(found[1].message).toContain("'ms' is a time unit; expected memory");
        const topology = `hardware h {\n    cpu 2 kores\n    memory 4 GiB\n}\n`;
        expectDiagnostic(await check(topology), 'unit-mismatch', 'error', 'kores');
        expectClean(await check(`hardware h {\n    cpu 2 sockets x 4 cores x 2 threads @ 3 GHz\n    memory 4 GiB\n}\n`));
    });

    it('unit-mismatch in reserve and timeslice', async () => {
        const text = `${HW}hypervisor hv: type1 on small {\n    reserve 1 ms\n    scheduler credit { timeslice 30 GiB }\n}\n`;
        const checked = await check(text);
        expect(checked.diagnostics['main.vmdef'].filter((x) => x.code === 'unit-mismatch').map((x) => x.range))
            .toEqual([rangeOf(text, 'ms'), rangeOf(text, 'GiB', 1)]);
    });
});

describe('names', () => {
    it('duplicate-name across kinds and files, on the second declaration', async () => {
        const checked = await check({ 'a.vmdef': `${HW}`, 'b.vmdef': `program small { nop }\n` });
        const d = expectDiagnostic(checked, 'duplicate-name', 'error', 'small', { file: 'b.vmdef' });
        expect(d.message).toContain('hardware at a.vmdef:1');
        expect(checked.diagnostics['a.vmdef']).toEqual([]);
    });

    it('duplicate-name for local names: devices, labels, syscalls', async () => {
        const text = `hardware h { cpu 1 cores memory 1 GiB device d: serial device d: disk }\nprogram p {\nl: nop\nl: nop\n}\n`;
        const checked = await check(text);
        const found = checked.diagnostics['main.vmdef'].filter((x) => x.code === 'duplicate-name');
        const first = (needle: string) => {
            const r = rangeOf(text, needle);
            return { start: r.start, end: { line: r.start.line, character: r.start.character + 1 } };
        };
        expect(found.map((x) => x.range)).toEqual([first('d: disk'), first('l: nop\n}')]);
    });

    it('a user declaration shadows the standard library: no duplicate-name, and references link to it', async () => {
        const text = `${HW}hypervisor esx: type1 on small\nos linux {\n    syscall hello() { out com1, "hi" }\n}\nvm a: linux on esx { devices com1 run p }\nprogram p { syscall hello() }\n`;
        const checked = await check(text);
        expectClean(checked);
        const vm = checked.workspace.documents[0].parseResult.value.elements.find((e) => e.$type === 'Vm') as { os?: { ref?: { $cstNode?: { range: unknown } } } };
        expect(vm.os?.ref?.$cstNode?.range).toMatchObject({ start: rangeOf(text, 'os linux').start });
    });

    it('undefined-label via linking', async () => {
        const text = `program p {\n    jmp nowhere\n}\n`;
        const d = expectDiagnostic(await check(text), 'undefined-label', 'error', 'nowhere');
        expect(d.message).toBe("undefined label 'nowhere'");
    });
});
