// A VM touches only the devices it was given (`devices`, `passthrough`). The validator reports
// `device-not-assigned` at check time; if such code runs anyway (a Simulation built from the
// model, validation bypassed), the simulator refuses the access: a guest fault #GP naming the
// device, the VM `faulted` — on every route to a device (a trapped or exiting `out` / `in`, a
// passthrough, a hypercall), both engines alike.
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../language/workspace.js';
import { Simulation } from '../../simulator/engine.js';
import { buildModel } from '../../simulator/model.js';
import type { VmResult } from '../../simulator/result.js';

/** Runs `text` without validation (its device-not-assigned errors included) on one engine. */
async function unchecked(text: string, engine: 'exact' | 'fast'): Promise<{ vms: VmResult[]; console: string[] }> {
    const workspace = await checkWorkspace([{ path: '/virtual/devices.vmdef', text }]);
    const console: string[] = [];
    const sim = new Simulation(buildModel(workspace.documents, workspace.stdlib), {
        engine, listener: { console: (vm, t) => console.push(`${vm}: ${t}`) },
    });
    return { vms: sim.run().vms, console };
}

/** Both engines give the same; returns VM `name`'s result. */
async function outcome(text: string, name: string): Promise<VmResult> {
    const exact = await unchecked(text, 'exact');
    const fast = await unchecked(text, 'fast');
    expect(JSON.stringify(fast)).toBe(JSON.stringify(exact));
    return exact.vms.find((v) => v.name === name)!;
}

const BOX = (technique: string) => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB extensions vtx device com1: serial device com2: serial }
hypervisor hv: type1 on box { virtualization ${technique} }
`;

describe('a device the VM was not given', () => {
    for (const technique of ['full', 'binary', 'hardware']) {
        it(`an OS-less kernel's out to it faults #GP at the out (${technique})`, async () => {
            const text = `${BOX(technique)}vm a on hv { memory 16 MiB devices com1 run p }
program p {
    out com1, 1
    out com2, 2
    out com1, 3
    hlt
}
`;
            const a = await outcome(text, 'a');
            expect(a.console).toBe('1\n');
            expect(a.status).toBe('faulted');
            expect(a.stop?.reason).toBe(`#GP: device 'com2' is not assigned to VM 'a' (its devices: com1)`);
            expect(a.stop?.at?.line).toBe(6);
            expect(a.exits).toEqual({ io: 1, fault: 1 });
        });
    }

    it('a program writing through its OS faults at the kernel\'s out; a VM given the device writes', async () => {
        const text = `${BOX('full')}vm a: linux on hv { memory 16 MiB devices com1 run p }
vm b: linux on hv { memory 16 MiB devices com1, com2 run p }
program p {
    syscall write(com1, "one\\n")
    syscall write(com2, "two\\n")
    syscall exit(0)
}
`;
        const a = await outcome(text, 'a');
        // the kernel's general-protection handler ends the program, as Linux kills the process
        expect(a.console).toBe('one\nSegmentation fault\n');
        expect(a.stop?.reason).toBe(`#GP: device 'com2' is not assigned to VM 'a' (its devices: com1)`);
        expect(a.stop?.at?.file).toMatch(/os\.vmdef$/);
        const b = await outcome(text, 'b');
        expect(b.status).toBe('halted');
        expect(b.console).toBe('one\ntwo\n');
    });

    it('a paravirtualized kernel passing it to a hypercall faults at the hypercall', async () => {
        const text = `${BOX('para')}vm a: xenlinux on hv { memory 16 MiB devices com1 run p }
program p {
    syscall write(com2, 5)
    syscall exit(0)
}
`;
        const a = await outcome(text, 'a');
        expect(a.console).toBe('Segmentation fault\n');
        expect(a.status).toBe('faulted');
        expect(a.stop?.reason).toBe(`#GP: device 'com2' is not assigned to VM 'a' (its devices: com1)`);
        // the boot's page directory only: console_io never ran
        expect(a.hypercalls).toEqual({ mmuext_op: 1 });
    });

    it('a device number in a register is checked too, and a VM with no devices names none', async () => {
        const text = `${BOX('full')}vm a on hv { memory 16 MiB run p }
program p {
    mov r1, 0
    out r1, 9
    hlt
}
`;
        const a = await outcome(text, 'a');
        expect(a.stop?.reason).toBe(`#GP: device 'com1' is not assigned to VM 'a' (it has no devices)`);
    });

    it('a passthrough device is the VM own: written without the hypervisor', async () => {
        const text = `${BOX('hardware')}vm a on hv { memory 16 MiB passthrough com2 run p }
program p {
    out com2, 8
    out com1, 9
    hlt
}
`;
        const a = await outcome(text, 'a');
        expect(a.console).toBe('8\n');
        expect(a.stop?.reason).toBe(`#GP: device 'com1' is not assigned to VM 'a' (its devices: com2)`);
        expect(a.exits).toEqual({ fault: 1 });
    });
});
