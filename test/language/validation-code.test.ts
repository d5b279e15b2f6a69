// Instruction-level diagnostics: what guest code may do depends on who runs it (user code
// under an OS, a kernel without OS, a paravirtualized kernel) and on the technique.
import { describe, expect, it } from 'vitest';
import { check, expectClean, expectDiagnostic, expectNo, rangeOf } from './check-helper.js';

const HW = `hardware pc {
    cpu 4 cores
    memory 8 GiB
    extensions vtx
    device com1: serial
}
`;
const hv = (technique: string) => `${HW}hypervisor hv: type1 on pc { virtualization ${technique} }\n`;

describe('fidelity-violation', () => {
    it('on sensitive-unprivileged instructions of a kernel (no OS) run under full; not under binary', async () => {
        const text = `${hv('full')}vm k on hv { devices com1 run kern }\nprogram kern {\n    cli\n    pushf\n    sgdt r1\n    hlt\n}\n`;
        const checked = await check(text);
        const found = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'fidelity-violation');
        expect(found.map((d) => [d.severity, d.range])).toEqual([[2, rangeOf(text, 'pushf')], [2, rangeOf(text, 'sgdt r1')]]);
        expect(found[0].message).toContain("under 'virtualization full' on 'hv'");
        expectClean(await check(text.replace('virtualization full', 'virtualization binary')));
        expectClean(await check(text.replace('virtualization full', 'virtualization hardware')));
    });

    it('once per instruction however many full VMs run it', async () => {
        const text = `${hv('full')}vm a on hv { run kern }\nvm b on hv { run kern }\nprogram kern {\n    popf\n}\n`;
        expectDiagnostic(await check(text), 'fidelity-violation', 'warning', 'popf');
    });

    it('in syscall bodies of an OS used by a VM on a full hypervisor', async () => {
        const text = `${hv('full')}os myos {\n    syscall flags() {\n        pushf\n    }\n}\nvm a: myos on hv { run p }\nprogram p { syscall flags() }\n`;
        expectDiagnostic(await check(text), 'fidelity-violation', 'warning', 'pushf');
        expectClean(await check(text.replace('virtualization full', 'virtualization binary')));
    });

    it('not in user code (pushf/popf in user mode do not touch the interrupt flag)', async () => {
        expectClean(await check(`${hv('full')}vm a: linux on hv { run p }\nprogram p { pushf popf syscall exit(0) }\n`));
    });
});

describe('privilege', () => {
    it('privileged-in-user [warning] for a privileged instruction in a program run under an OS', async () => {
        const text = `${hv('full')}vm a: linux on hv { devices com1 run p }\nprogram p {\n    out com1, 1\n    syscall exit(0)\n}\n`;
        const d = expectDiagnostic(await check(text), 'privileged-in-user', 'warning', 'out com1, 1');
        expect(d.message).toContain('#GP');
        // The same program as a kernel (no OS) may use it.
        expectClean(await check(text.replace('vm a: linux on hv', 'vm a on hv').replace('    syscall exit(0)\n', '    hlt\n')));
    });

    it('privileged-in-pv-kernel in a paravirtualized OS, and in a kernel run under para', async () => {
        const os = `${hv('para')}os pvos paravirtualized {\n    syscall stop() {\n        hlt\n    }\n}\n`;
        expectDiagnostic(await check(os), 'privileged-in-pv-kernel', 'error', 'hlt');
        const kernel = `${hv('para')}vm k on hv { run kern }\nprogram kern {\n    lidt 0\n}\n`;
        expectDiagnostic(await check(kernel), 'privileged-in-pv-kernel', 'error', 'lidt 0');
        expectNo(await check(kernel.replace('virtualization para', 'virtualization full')), 'privileged-in-pv-kernel');
    });

    it('cli and sti are allowed in a paravirtualized kernel: there they store to the shared info page\'s event mask', async () => {
        expectNo(await check(`${hv('para')}os pvos paravirtualized {\n    syscall s() {\n        cli\n        sti\n    }\n}\n`), 'privileged-in-pv-kernel');
        expectNo(await check(`${hv('para')}vm k on hv { run kern }\nprogram kern {\n    cli\n    sti\n    hypercall sched_op(2, 0)\n}\n`), 'privileged-in-pv-kernel');
    });

    it('hypercall-outside-pv: in a non-paravirtualized OS, in user code, in a kernel not under para', async () => {
        const os = `${HW}os plain {\n    syscall w(d, v) {\n        hypercall console_io(d, v)\n    }\n}\n`;
        expectDiagnostic(await check(os), 'hypercall-outside-pv', 'error', 'hypercall console_io(d, v)');
        expectClean(await check(os.replace('os plain {', 'os plain paravirtualized {')));
        const user = `${hv('para')}vm a: xenlinux on hv { run p }\nprogram p {\n    hypercall sched_op(0, 0)\n    syscall exit(0)\n}\n`;
        expectDiagnostic(await check(user), 'hypercall-outside-pv', 'error', 'hypercall sched_op(0, 0)');
        const kernel = `${hv('full')}vm k on hv { run kern }\nprogram kern {\n    hypercall sched_op(0, 0)\n}\n`;
        expectDiagnostic(await check(kernel), 'hypercall-outside-pv', 'error', 'hypercall sched_op(0, 0)');
        expectClean(await check(kernel.replace('virtualization full', 'virtualization para')));
    });
});

describe('system calls, hypercalls, hardware commands', () => {
    it('unknown-syscall, checked against each OS of the VMs running the program', async () => {
        const text = `${HW}hypervisor hv: type1 on pc\n${HW.replace('pc', 'pc2')}hypervisor hv2: type1 on pc2\n` +
            `vm a: linux on hv { devices com1 run p }\nvm b: windows on hv2 { devices com1 run p }\nprogram p {\n    syscall write(com1, 1)\n    syscall exit(0)\n}\n`;
        const checked = await check(text);
        const found = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'unknown-syscall');
        expect(found.map((d) => d.range)).toEqual([rangeOf(text, 'syscall write(com1, 1)'), rangeOf(text, 'syscall exit(0)')]);
        expect(found[0].message).toContain("OS 'windows' (of VM 'b') declares no syscall 'write'");
        expectClean(await check(text.replace(/vm b[^\n]*\n/, '')));
    });

    it('unknown-syscall in a program run without an OS', async () => {
        const text = `${hv('full')}vm k on hv { run p }\nprogram p {\n    syscall exit(0)\n}\n`;
        expect(expectDiagnostic(await check(text), 'unknown-syscall', 'error', 'syscall exit(0)').message).toContain('no OS');
    });

    it('wrong-arity for syscalls, hypercalls and hw commands', async () => {
        const text = `${hv('para')}vm a: linux on hv { run p }\nprogram p {\n    syscall exit(0, 1)\n}\n`;
        const syscall = await check(text.replace('virtualization para', 'virtualization full'));
        expect(expectDiagnostic(syscall, 'wrong-arity', 'error', 'syscall exit(0, 1)').message).toContain('takes 1 argument(s) (code), got 2');
        const pv = `${HW}os pvos paravirtualized {\n    syscall s() {\n        hypercall sched_op(0)\n    }\n    on io_write(dev, value) {\n        hw io_write(dev)\n    }\n}\n`;
        const checked = await check(pv);
        const found = checked.diagnostics['main.vmdef'].filter((d) => d.code === 'wrong-arity');
        expect(found.map((d) => d.range)).toEqual([rangeOf(pv, 'hypercall sched_op(0)'), rangeOf(pv, 'hw io_write(dev)')]);
    });

    it('unknown-hypercall when no monitor para handles it; a user monitor para adds one', async () => {
        const text = `${HW}os pvos paravirtualized {\n    syscall s() {\n        hypercall frobnicate()\n    }\n}\n`;
        expectDiagnostic(await check(text), 'unknown-hypercall', 'error', 'hypercall frobnicate()');
        expectClean(await check(`${text}monitor para {\n    on frobnicate() {\n        hw yield()\n    }\n}\n`));
    });

    it('unknown-hw-command', async () => {
        const text = `monitor binary {\n    on push_flags() {\n        hw teleport()\n    }\n}\n`;
        expectDiagnostic(await check(text), 'unknown-hw-command', 'error', 'hw teleport()');
        expectClean(await check(text.replace('teleport', 'get_flags')));
    });

    it('hw-in-guest for the hardware command set in a program or a syscall; fine in drivers and monitors', async () => {
        const text = `${HW}os myos {\n    syscall s() {\n        hw yield()\n    }\n    on halt() {\n        hw halt()\n    }\n}\nprogram p {\n    hw halt()\n}\n`;
        const checked = await check(text);
        expect(checked.diagnostics['main.vmdef'].filter((d) => d.code === 'hw-in-guest').map((d) => [d.severity, d.range]))
            .toEqual([[1, rangeOf(text, 'hw yield()')], [1, rangeOf(text, 'hw halt()', 1)]]);
    });

    it('unknown-name for a handler operand that is not one of its parameters', async () => {
        const text = `monitor binary {\n    on io_out(dev, value) {\n        hw io_write(dve, value)\n    }\n}\n`;
        expectDiagnostic(await check(text), 'unknown-name', 'error', 'dve');
    });
});

describe('unknown-device in code', () => {
    it('on a device operand of a program the VM runs, per VM host', async () => {
        const text = `${hv('full')}vm a: linux on hv { devices com1 run p }\nprogram p {\n    syscall write(com9, 1)\n    syscall exit(0)\n}\n`;
        const d = expectDiagnostic(await check(text), 'unknown-device', 'error', 'com9');
        expect(d.message).toBe("unknown device 'com9': hardware 'pc' has com1");
        expectClean(await check(text.replace('com9', 'com1')));
    });

    it('not for labels used as operands (in programs, syscalls and handlers)', async () => {
        const text = `${hv('full')}os myos { syscall s() { top: mov r1, top } }\nvm a: myos on hv { run p }\nprogram p { start: mov r2, start syscall s() }\nmonitor binary { on push_flags() { here: mov r0, here } }\n`;
        expectClean(await check(text));
    });

    it('nested in a memory operand', async () => {
        const text = `${hv('full')}vm k on hv { run kern }\nprogram kern {\n    load r1, [nic9]\n    hlt\n}\n`;
        expectDiagnostic(await check(text), 'unknown-device', 'error', 'nic9');
    });

    it('in a syscall body of the VM\'s OS called by its program (names that are not parameters)', async () => {
        const text = `${hv('full')}os myos {\n    syscall beep() {\n        out spkr, 7\n    }\n    syscall quit() {\n        out spkr2, 7\n    }\n}\nvm a: myos on hv { run p }\nprogram p { syscall beep() }\n`;
        const checked = await check(text);
        expectDiagnostic(checked, 'unknown-device', 'error', 'spkr');
        // `quit` is never called by a program of a VM using myos: no host to check it against.
        expect(checked.diagnostics['main.vmdef'].filter((d) => d.code === 'unknown-device')).toHaveLength(1);
    });
});

describe('the stdlib and the shared examples check clean', () => {
    it('a full workspace of valid guests has no diagnostics, including the standard library', async () => {
        const text = `${HW}hypervisor a: type1 on pc { virtualization binary }\n${HW.replace('pc', 'pc2')}hypervisor b: type2 on pc2 { host linux { reserve 1 cpus } virtualization hardware }\n` +
            `vm vx: windows on a { devices com1 run w }\nvm vy: linux on b { devices com1 run l }\nprogram w { NtWriteFile: syscall NtWriteFile(com1, "x") syscall NtTerminateProcess(0) }\nprogram l { syscall write(com1, 1) syscall switch_mm(0) syscall exit(0) }\n`;
        const checked = await check(text);
        expectClean(checked);
        for (const doc of checked.workspace.stdlib) expect(doc.diagnostics, doc.uri.path).toEqual([]);
    });
});

describe('device-not-assigned', () => {
    // vtd: passing com2 through needs an IOMMU (passthrough-without-iommu otherwise).
    const TWO = HW.replace('extensions vtx', 'extensions vtx, vtd').replace('device com1: serial', 'device com1: serial\n    device com2: serial');
    const host = `${TWO}hypervisor hv: type1 on pc\n`;

    it('[error] at a device a program names when the VM running it was not given it; clean once it is', async () => {
        const text = `${host}vm a: linux on hv { devices com1 run p }\nprogram p {\n    syscall write(com2, 1)\n    syscall exit(0)\n}\n`;
        const d = expectDiagnostic(await check(text), 'device-not-assigned', 'error', 'com2', { occurrence: 1 });
        expect(d.message).toBe("device 'com2' is not assigned to VM 'a' (its 'devices' are com1): add it to the VM's 'devices' to use it");
        expectClean(await check(text.replace('devices com1', 'devices com1, com2')));
        expectClean(await check(text.replace('devices com1', 'devices com1 passthrough com2')));
    });

    it('per VM running the code: one VM given the device, another not', async () => {
        const text = `${host}vm a on hv { devices com2 run k }\nvm b on hv { run k }\nprogram k {\n    out com2, 1\n    load r1, [com2]\n    hlt\n}\n`;
        const found = (await check(text)).diagnostics['main.vmdef'].filter((d) => d.code === 'device-not-assigned');
        expect(found.map((d) => [d.severity, d.range, d.message])).toEqual([
            [1, rangeOf(text, 'com2', 2), "device 'com2' is not assigned to VM 'b' (it has no 'devices'): add it to the VM's 'devices' to use it"],
            [1, rangeOf(text, 'com2', 3), "device 'com2' is not assigned to VM 'b' (it has no 'devices'): add it to the VM's 'devices' to use it"],
        ]);
        expectClean(await check(text.replace('vm b on hv { run k }', 'vm b on hv { devices com2 run k }')));
    });

    it('not for parameters and labels, and not when nobody runs the code', async () => {
        expectClean(await check(`${host}program p {\n    out com2, 1\n    hlt\n}\n`));
        expectNo(await check(`${host}os myos { syscall w(com2, v) { out com2, v } }\nvm a: myos on hv { devices com1 run p }\nprogram p { syscall w(com1, 1) }\n`), 'device-not-assigned');
    });
});

describe('string-operand', () => {
    const kernel = (body: string) => `${hv('full')}vm k on hv { devices com1 run p }\nprogram p {\n${body}\n    hlt\n}\n`;

    it('[error] where an instruction reads a number: mov, push, cmp, the device of out', async () => {
        const cases: [string, string, string][] = [
            ['    mov r1, "hi"', '"hi"', "a string is text, not a number: 'mov' needs a number or a register here (strings are written with 'out DEV, \"text\"' or passed to a syscall, a hypercall or 'hw io_write')"],
            ['    push "hi"', '"hi"', "a string is text, not a number: 'push' needs a number or a register here (strings are written with 'out DEV, \"text\"' or passed to a syscall, a hypercall or 'hw io_write')"],
            ['    cmp r1, "a"', '"a"', "a string is text, not a number: 'cmp' needs a number or a register here (strings are written with 'out DEV, \"text\"' or passed to a syscall, a hypercall or 'hw io_write')"],
            ['    out "com1", 1', '"com1"', "a string is text, not a number: 'out' needs a number or a register here (strings are written with 'out DEV, \"text\"' or passed to a syscall, a hypercall or 'hw io_write')"],
        ];
        for (const [body, needle, message] of cases) {
            const d = expectDiagnostic(await check(kernel(body)), 'string-operand', 'error', needle);
            expect(d.message).toBe(message);
        }
    });

    it('allowed as the value of out, a syscall or hypercall argument, and the value of hw io_write', async () => {
        expectClean(await check(kernel('    out com1, "hello\\n"')));
        expectClean(await check(`${hv('full')}vm a: linux on hv { devices com1 run p }\nprogram p { syscall write(com1, "hi") syscall exit(0) }\n`));
        expectClean(await check(`${hv('para')}vm a: xenlinux on hv { devices com1 run p }\nos mypv paravirtualized { syscall w(d) { hypercall console_io(d, "x") } }\nprogram p { syscall write(com1, "hi") syscall exit(0) }\n`));
        expectClean(await check(`${HW}monitor full { on io_out(dev, value) { hw io_write(dev, "text") } }\n`));
    });

    it('[error] in another argument of hw io_write, and in any argument of other hw commands', async () => {
        const text = `${HW}monitor full { on io_out(dev, value) { hw io_write("com1", value) hw timer("soon") } }\n`;
        const found = (await check(text)).diagnostics['main.vmdef'].filter((d) => d.code === 'string-operand');
        expect(found.map((d) => [d.range, d.message.split(' (')[0]])).toEqual([
            [rangeOf(text, '"com1"'), "a string is text, not a number: 'hw io_write' needs a number here"],
            [rangeOf(text, '"soon"'), "a string is text, not a number: 'hw timer' needs a number here"],
        ]);
    });
});
