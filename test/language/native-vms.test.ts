// Native VMs (LANGUAGE.md §9): `vm NAME[: OS] on HARDWARE` links to the hardware, owns it
// (one per hardware, no hypervisor beside it), gets every pCPU and device, and the checks
// that only make sense under a hypervisor stay quiet or say why they do not apply.
import { describe, expect, it } from 'vitest';
import { isHardware } from '../../language/generated/ast.js';
import { vmVcpus } from '../../language/resources.js';
import { check, expectClean, expectDiagnostic, expectNo } from './check-helper.js';

const HW = 'hardware box { cpu 4 cores memory 8 GiB device com1: serial device disk0: disk }\n';

describe('vm NAME on HARDWARE', () => {
    it('links to the hardware and defaults its vCPUs to every pCPU', async () => {
        const checked = await check(`${HW}vm bare on box { memory 1 GiB run k }\nprogram k { in r1, disk0\nout com1, r1\nlidt 0x5000\npushf\nhlt }\n`);
        expectClean(checked);
        const vm = checked.workspace.documents[0].parseResult.value.elements.find((e) => e.$type === 'Vm')!;
        const ref = (vm as { hypervisor: { ref?: unknown } }).hypervisor.ref;
        expect(isHardware(ref) && ref.name).toBe('box');
        expect(vmVcpus(vm as never)).toBe(4);
    });

    it('runs an OS natively: syscalls enter its kernel, sensitive instructions are no fidelity violation', async () => {
        expectClean(await check(`${HW}os myos { syscall flags() { pushf sidt r1 out com1, r1 } }\nvm bare: myos on box { run p }\nprogram p { syscall flags() }\n`));
    });

    it('native-hardware-in-use: a second native VM, or a hypervisor on the same hardware', async () => {
        const two = `${HW}vm a on box { run k }\nvm b on box { run k }\nprogram k { hlt }\n`;
        const d = expectDiagnostic(await check(two), 'native-hardware-in-use', 'error', 'box', { occurrence: 2 });
        expect(d.message).toContain("native VM 'a'");
        const withHv = `${HW}hypervisor hv: type1 on box\nvm a on box { run k }\nprogram k { hlt }\n`;
        const e = expectDiagnostic(await check(withHv), 'native-hardware-in-use', 'error', 'box', { occurrence: 2 });
        expect(e.message).toContain("hypervisor 'hv'");
    });

    it('native-not-applicable: pin and weight are a hypervisor scheduler\'s', async () => {
        const text = `${HW}vm a on box { pin 0 weight 512 run k }\nprogram k { hlt }\n`;
        const checked = await check(text);
        const found = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'native-not-applicable');
        expect(found.map((d) => [d.severity, checked.texts['main.vmdef'].split('\n')[1].slice(d.range.start.character, d.range.end.character)]))
            .toEqual([[2, 'pin 0'], [2, 'weight 512']]);
    });

    it('vm-memory-exceeds-host and vcpus-exceed-host: the machine is all it has', async () => {
        expectDiagnostic(await check(`${HW}vm a on box { memory 16 GiB }\n`), 'vm-memory-exceeds-host', 'error', 'memory 16 GiB');
        expectDiagnostic(await check(`${HW}vm a on box { vcpus 8 }\n`), 'vcpus-exceed-host', 'error', 'vcpus 8');
        expectNo(await check(`${HW}vm a on box { vcpus 4 memory 8 GiB }\n`), 'vcpus-exceed-host');
    });

    it('a paravirtualized OS or a hypercall has no hypervisor to call', async () => {
        expectDiagnostic(await check(`${HW}vm a: xenlinux on box { run p }\nprogram p { syscall exit(0) }\n`), 'pv-kernel-needs-para', 'error', 'xenlinux', { occurrence: 0 });
        const d = expectDiagnostic(await check(`${HW}vm a on box { run k }\nprogram k { hypercall console_io(com1, 1) }\n`), 'hypercall-outside-pv', 'error', 'hypercall console_io(com1, 1)');
        expect(d.message).toContain("natively on hardware 'box'");
    });

    it('every device of the hardware is its own; an unknown one is still unknown', async () => {
        expectNo(await check(`${HW}vm a on box { run k }\nprogram k { out disk0, 1 hlt }\n`), 'device-not-assigned');
        expectDiagnostic(await check(`${HW}vm a on box { run k }\nprogram k { out nic0, 1 }\n`), 'unknown-device', 'error', 'nic0');
    });

    it('costs on hardware name a preset', async () => {
        expectClean(await check(`hardware b { cpu 1 cores memory 1 GiB costs p4_2006 { io 3000 } }\n`));
        expectDiagnostic(await check(`hardware b { cpu 1 cores memory 1 GiB costs p4_2006 { teleport 1 } }\n`), 'unknown-cost', 'error', 'teleport');
    });
});

describe('fidelity-violation in a paravirtualized kernel (issue 14)', () => {
    const para = 'hardware pc { cpu 2 cores memory 4 GiB device com1: serial }\nhypervisor xen: type1 on pc { virtualization para }\n';

    it('pushf and sidt in a paravirtualized OS run under para: they run deprivileged, without a trap', async () => {
        const text = `${para}os pvos paravirtualized { syscall peek() { pushf sidt r1 hypercall console_io(com1, r1) } }\nvm a: pvos on xen { devices com1 run p }\nprogram p { syscall peek() }\n`;
        const checked = await check(text);
        const found = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'fidelity-violation');
        expect(found.map((d) => d.severity)).toEqual([2, 2]);
        expect(found[0].message).toContain("paravirtualized kernel runs deprivileged on 'xen'");
    });

    it('in a kernel program (no OS) on a para hypervisor too', async () => {
        expectDiagnostic(await check(`${para}vm a on xen { run k }\nprogram k { smsw r1 }\n`), 'fidelity-violation', 'warning', 'smsw r1');
    });
});
