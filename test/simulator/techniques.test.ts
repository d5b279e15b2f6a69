// Each virtualization technique on the same small guests, with exact cycle figures derived from
// the preset in use (a changed preset changes the expectation, not the test).
import { describe, expect, it } from 'vitest';
import { HOST_CPUID, HOST_GDT_BASE, VIRTUAL_CPUID } from '../../simulator/cpu/semantics.js';
import { box, costsOf, run, vm } from './helpers.js';

const VTX = 'extensions vtx';

function unikernel(technique: string, body: string, vmExtra = ''): string {
    return `${box(technique, '', technique === 'hardware' ? VTX : '')}vm t on hv { memory 16 MiB devices com1 ${vmExtra} run p }\nprogram p {\n${body}\n}\n`;
}

function withOs(technique: string, os: string, body: string): string {
    return `${box(technique, '', technique === 'hardware' ? VTX : '')}vm t: ${os} on hv { memory 16 MiB devices com1 run p }\nprogram p {\n${body}\n}\n`;
}

const OUT_HLT = 'out com1, 7\nhlt';
const WRITE_EXIT = 'syscall write(com1, 7)\nsyscall exit(0)';

describe('a guest kernel writing once and halting', () => {
    it('full: both privileged instructions trap; io_out emulates then writes', async () => {
        const { sim, result } = await run(unikernel('full', OUT_HLT));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('7\n');
        expect(t.cycles.kernel).toBe(0);
        expect(t.cycles.hypervisor).toBe(2 * c.trap + 2 * c.instruction + c.emulate + c.device + c.instruction);
        expect(t.exits).toEqual({ io: 1, hlt: 1 });
        expect(t.fidelityViolations).toBe(0);
    });

    it('binary: one block translated, two callouts, no emulation', async () => {
        const { sim, result } = await run(unikernel('binary', OUT_HLT));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('7\n');
        expect(t.cycles.hypervisor).toBe(c.translate + 2 * c.callout + c.instruction + c.device + c.instruction);
        expect(t.exits).toEqual({ io: 1, hlt: 1 });
    });

    it('hardware: two VM exits (IO_INSTRUCTION, HLT)', async () => {
        const { sim, result } = await run(unikernel('hardware', OUT_HLT));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('7\n');
        expect(t.cycles.hypervisor).toBe(2 * c.exit + 2 * c.instruction + c.emulate + c.device + c.instruction);
        expect(t.exits).toEqual({ io: 1, hlt: 1 });
    });
});

describe('a user program calling the OS', () => {
    it('full: two syscalls in the kernel, the kernel traps to the hypervisor', async () => {
        const { sim, result } = await run(withOs('full', 'linux', WRITE_EXIT));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('7\n');
        expect(t.instructions).toBe(4);
        expect(t.cycles.guest).toBe(0);
        expect(t.cycles.kernel).toBe(2 * c.syscall);
        // each syscall traps to the monitor, which reflects it into the kernel; then out and hlt trap
        expect(t.cycles.hypervisor).toBe(2 * c.trap + 2 * c.trap + 3 * c.instruction + c.emulate + c.device);
    });

    it('binary: syscalls cost syscall_bt more, each kernel body is translated once', async () => {
        const { sim, result } = await run(withOs('binary', 'linux', WRITE_EXIT));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.cycles.kernel).toBe(2 * c.syscall);
        expect(t.cycles.hypervisor).toBe(2 * c.syscall_bt + 2 * c.translate + 2 * c.callout + 2 * c.instruction + c.device);
    });

    it('para: the paravirtualized kernel makes two hypercalls and nothing traps', async () => {
        const { sim, result } = await run(withOs('para', 'xenlinux', WRITE_EXIT));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('7\n');
        expect(t.status).toBe('halted');
        // console_io: hw io_write; sched_op(2, code): cmp, je, hw shutdown
        expect(t.cycles.hypervisor).toBe(2 * c.hypercall + c.instruction + c.device + 3 * c.instruction);
        expect(t.hypercalls).toEqual({ console_io: 1, sched_op: 1 });
        expect(t.exits).toEqual({});
    });

    it('hardware: syscalls run natively, the kernel exits', async () => {
        const { sim, result } = await run(withOs('hardware', 'linux', WRITE_EXIT));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.cycles.kernel).toBe(2 * c.syscall);
        expect(t.cycles.hypervisor).toBe(2 * c.exit + 3 * c.instruction + c.emulate + c.device);
    });
});

describe('binary translation caches blocks', () => {
    it('translates each kernel basic block once, however often the loop runs', async () => {
        const { sim, result } = await run(unikernel('binary', `
        mov r1, 3
loop:   out com1, r1
        dec r1
        jnz loop
        hlt`));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('3\n2\n1\n');
        // blocks: [mov] [out dec jnz] [hlt]
        expect(t.cycles.hypervisor).toBe(3 * c.translate + 4 * c.callout + 3 * (c.instruction + c.device) + c.instruction);
        expect(t.cycles.kernel).toBe(7 * c.instruction);
    });
});

describe('sensitive but unprivileged instructions (Popek & Goldberg)', () => {
    const PUSHF_AFTER_CLI = 'cli\npushf\npop r1\nout com1, r1\nhlt';

    it('full: pushf after cli shows the real interrupt flag still set — a fidelity violation', async () => {
        const { result } = await run(unikernel('full', PUSHF_AFTER_CLI));
        const t = vm(result, 't');
        expect(t.console).toBe(`${0x202}\n`);
        expect(t.fidelityViolations).toBe(1);
        expect(t.exits).toEqual({ irq: 1, io: 1, hlt: 1 });
    });

    it('binary: pushf is a callout that returns the virtual flags', async () => {
        const { result } = await run(unikernel('binary', PUSHF_AFTER_CLI));
        const t = vm(result, 't');
        expect(t.console).toBe(`${0x2}\n`);
        expect(t.fidelityViolations).toBe(0);
        // cli is translated inline (a store to the virtual flag): no callout, no exit
        expect(t.exits).toEqual({ io: 1, hlt: 1 });
    });

    it('hardware: cli and pushf run on the guest\'s own flags without exits', async () => {
        const { result } = await run(unikernel('hardware', PUSHF_AFTER_CLI));
        const t = vm(result, 't');
        expect(t.console).toBe(`${0x2}\n`);
        expect(t.fidelityViolations).toBe(0);
        expect(t.exits).toEqual({ io: 1, hlt: 1 });
    });

    it('popf and sgdt: full reveals the host, binary and hardware the guest\'s own values', async () => {
        const body = 'push 0\npopf\nsgdt r1\nout com1, r1\nhlt';
        const full = vm((await run(unikernel('full', body))).result, 't');
        expect(full.console).toBe(`${HOST_GDT_BASE}\n`);
        expect(full.fidelityViolations).toBe(2);
        for (const technique of ['binary', 'hardware']) {
            const t = vm((await run(unikernel(technique, body))).result, 't');
            expect(t.console, technique).toBe('4096\n');
            expect(t.fidelityViolations, technique).toBe(0);
        }
    });

    it('cpuid: unintercepted under full, a callout under binary, a VM exit under hardware', async () => {
        const body = 'cpuid r1\nout com1, r1\nhlt';
        const full = vm((await run(unikernel('full', body))).result, 't');
        expect(full.console).toBe(`${HOST_CPUID}\n`);
        expect(full.exits.cpuid).toBeUndefined();
        const binary = vm((await run(unikernel('binary', body))).result, 't');
        expect(binary.console).toBe(`${VIRTUAL_CPUID}\n`);
        expect(binary.exits.cpuid).toBe(1);
        const { sim, result } = await run(unikernel('hardware', body));
        const hw = vm(result, 't');
        const c = costsOf(sim, 'hv');
        expect(hw.console).toBe(`${VIRTUAL_CPUID}\n`);
        expect(hw.exits).toEqual({ cpuid: 1, io: 1, hlt: 1 });
        // CPUID: hw cpu_id; IO_INSTRUCTION: emulate + io_write; HLT: halt
        expect(hw.cycles.hypervisor).toBe(3 * c.exit + c.instruction + 2 * c.instruction + c.emulate + c.device + c.instruction);
    });
});

describe('passthrough', () => {
    it('the guest kernel drives its own device without entering the hypervisor', async () => {
        const text = `${box('full', '', 'extensions vtd')}vm t on hv { memory 16 MiB passthrough com2 run p }\nprogram p {\nout com2, 5\nhlt\n}\n`;
        const { sim, result } = await run(text);
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('5\n');
        expect(t.exits).toEqual({ hlt: 1 });
        expect(t.cycles.kernel).toBe(c.instruction + c.io);
        expect(t.cycles.hypervisor).toBe(c.trap + c.instruction);
    });
});

describe('cost overrides', () => {
    it('a hypervisor overrides one entry of its preset', async () => {
        const text = `hardware box { cpu 1 cores memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full costs p4_2006 { trap 1234 } }
vm t on hv { memory 16 MiB devices com1 run p }
program p { hlt }
`;
        const { sim, result } = await run(text);
        const c = costsOf(sim, 'hv');
        expect(c.trap).toBe(1234);
        expect(vm(result, 't').cycles.hypervisor).toBe(1234 + c.instruction);
        expect(result.hypervisors[0].costPreset).toBe('p4_2006');
    });
});

describe('hardware-assisted paging', () => {
    it('lcr3 exits (CR_ACCESS) without EPT and runs in the guest with EPT', async () => {
        const body = 'lcr3 4096\ninvlpg 0\nhlt';
        const { sim, result } = await run(unikernel('hardware', body));
        const c = costsOf(sim, 'hv');
        const noEpt = vm(result, 't');
        expect(noEpt.exits).toEqual({ cr: 1, invlpg: 1, hlt: 1 });
        expect(noEpt.cycles.hypervisor).toBe(3 * c.exit + 2 * (c.instruction + c.mmu) + c.instruction);
        const ept = vm((await run(unikernel('hardware', body).replace('extensions vtx', 'extensions vtx, ept'))).result, 't');
        expect(ept.exits).toEqual({ hlt: 1 });
        expect(ept.cycles.kernel).toBe(2 * c.instruction);
    });
});

describe('paravirtual scheduling', () => {
    it('sched_yield is a sched_op hypercall that gives the pCPU to the waiting VM; the guest goes on after', async () => {
        const text = `${box('para', 'overcommit cpu 2.0')}vm a: xenlinux on hv { memory 16 MiB devices com1 run polite }
vm b: xenlinux on hv { memory 16 MiB devices com1 run eager }
program polite {
    syscall sched_yield()
    syscall write(com1, 1)
    syscall exit(0)
}
program eager {
    syscall write(com1, 2)
    syscall exit(0)
}
`;
        const { result } = await run(text);
        const a = vm(result, 'a');
        expect(a.status).toBe('halted');
        expect(a.console).toBe('1\n');
        expect(a.hypercalls).toEqual({ sched_op: 2, console_io: 1 });
        expect(result.timeline.map((s) => s.vm)).toEqual(['a', 'b', 'a']);
        expect(a.cycles.waiting).toBe(result.timeline[1].end - result.timeline[1].start);
    });
});

describe('user monitors and OSes', () => {
    it('a user monitor of the same technique overrides the stdlib handler of that name only', async () => {
        const text = `${box('full')}vm t on hv { memory 16 MiB devices com1 run p }
program p {
    out com1, 7
    hlt
}
monitor full {
    on io_out(dev, value) {
        hw io_write(dev, "intercepted\\n")
    }
}
`;
        const { sim, result } = await run(text);
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.console).toBe('intercepted\n');
        // no emulate in the user's io_out; the stdlib halt handler still runs
        expect(t.cycles.hypervisor).toBe(2 * c.trap + c.instruction + c.device + c.instruction);
        const handler = sim.codes.find((code) => code.name === 'full.io_out')!;
        expect(handler.file).toBe('/virtual/sim-test.vmdef');
    });

    it('windows: a different syscall dialect reaches the same hardware', async () => {
        const { result } = await run(withOs('full', 'windows', 'syscall NtWriteFile(com1, "nt\\n")\nsyscall NtTerminateProcess(0)'));
        const t = vm(result, 't');
        expect(t.console).toBe('nt\n');
        expect(t.status).toBe('halted');
        expect(t.exits).toEqual({ io: 1, hlt: 1 });
    });

    it('a syscall returns its r0 to the caller and keeps the caller\'s registers', async () => {
        const text = `${box('full')}vm t: myos on hv { memory 16 MiB devices com1 run p }
program p {
    mov r1, 11
    syscall answer(5)
    syscall show(r0)
    syscall show(r1)
    syscall quit()
}
os myos {
    syscall answer(n) {
        mov r1, n
        add r1, 37
        mov r0, r1
    }
    syscall show(v) {
        out com1, v
    }
    syscall quit() {
        hlt
    }
}
`;
        const { result } = await run(text);
        expect(vm(result, 't').console).toBe('42\n11\n');
    });
});
