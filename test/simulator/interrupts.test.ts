// Exceptions and interrupts (docs/language.md, Exceptions and interrupts): what a guest sees and what each technique costs.
import { describe, expect, it } from 'vitest';
import { costsOf, run, vm } from './helpers.js';

const TIMER = 'device t0: timer';
const EXT = (technique: string, ext = '') => (technique === 'hardware' ? `extensions vtx${ext}` : '');

function machine(technique: string, ext = ''): string {
    return `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB ${EXT(technique, ext)} device com1: serial ${TIMER} }\n` +
        `hypervisor hv: type1 on box { virtualization ${technique} }\n`;
}

describe('exceptions', () => {
    it('a lidt handler fixes the divisor in the shared registers; iret runs the div again, which now succeeds', async () => {
        for (const technique of ['full', 'binary', 'hardware']) {
            const { result } = await run(`${machine(technique)}
program k {
        lidt on_fault
        mov r3, 84
        mov r2, 0
        div r3, r2             // #DE: the handler sets r2 = 2, the div runs again
        out com1, r3
        hlt
on_fault:
        mov r7, r0             // the vector (r0 and r1 are restored by iret)
        mov r2, 2
        iret
}
vm v on hv { memory 16 MiB devices com1 run k }
`);
            const v = vm(result, 'v');
            expect(v.console, technique).toBe('42\n');
            expect(v.status).toBe('halted');
            expect(v.faults).toEqual({ 0: 1 });
            // trap-and-emulate and binary translation reflect it through the monitor; VT-x does not exit
            expect(v.exits.fault ?? 0, technique).toBe(technique === 'hardware' ? 0 : 1);
        }
    });

    it('without a handler a fault stops the VM as before', async () => {
        const { result } = await run(`${machine('full')}
program k {
    mov r2, 0
    div r1, r2
}
vm v on hv { memory 16 MiB devices com1 run k }
`);
        const v = vm(result, 'v');
        expect(v.status).toBe('faulted');
        expect(v.stop?.reason).toBe('#DE: division by zero or overflow');
        expect(v.stop?.at?.line).toBe(6);
        expect(v.faults).toEqual({});
        expect(v.exits).toEqual({ fault: 1 });
    });

    it('the stdlib linux ends a program that divides by zero: its console line, faulted with the fault\'s reason, at the div', async () => {
        const { sim, result } = await run(`${machine('binary')}
program p {
    mov r1, 7
    mov r2, 0
    div r1, r2
    syscall write(com1, r1)
}
vm v: linux on hv { memory 16 MiB devices com1 run p }
`);
        const v = vm(result, 'v');
        expect(v.console).toBe('Floating point exception\n');
        expect(v.status).toBe('faulted');
        expect(v.stop).toMatchObject({ reason: '#DE: division by zero or overflow', at: { line: 7, column: 5 } });
        // the trap into the monitor, its inject and the kernel's exception entry
        const c = costsOf(sim, 'hv');
        expect(v.cycles.hypervisor).toBeGreaterThanOrEqual(c.trap + c.inject);
        expect(v.cycles.kernel).toBeGreaterThanOrEqual(c.exception);
    });
});

describe('interrupts', () => {
    const ticks = (technique: string, ext = '') => `${machine(technique, ext)}
program ticks {
        lidt on_tick
        sti
again:  out t0, 5000
        hlt
        cmp r5, 3
        jl again
        out com1, r5
        cli
        hlt
on_tick:
        inc r5
        iret
}
vm v on hv { memory 16 MiB devices com1, t0 run ticks }
`;

    it('hlt waits for the armed timer and goes on after it; hardware exits on the interrupt, APICv does not', async () => {
        for (const [technique, ext, interruptExits] of [['binary', '', 3], ['full', '', 3], ['hardware', '', 3], ['hardware', ', apicv', 0]] as const) {
            const { result } = await run(ticks(technique, ext));
            const v = vm(result, 'v');
            expect(v.console, `${technique}${ext}`).toBe('3\n');
            expect(v.interrupts).toMatchObject({ raised: 3, delivered: 3, lost: 0 });
            expect(v.exits.interrupt ?? 0, `${technique}${ext}`).toBe(interruptExits);
            // the waits are idle time: the run lasts at least the three timer periods
            expect(result.cycles).toBeGreaterThan(15_000);
        }
    });

    it('a vCPU waiting in hlt gives its pCPU to another VM', async () => {
        const { result } = await run(`${machine('binary').replace('virtualization binary', 'virtualization binary overcommit cpu 2.0')}
program sleeper {
        lidt on_tick
        sti
        out t0, 50000
        hlt
        out com1, "awake\\n"
        cli
        hlt
on_tick:
        iret
}
program worker {
        mov r1, 20000
spin:   dec r1
        jnz spin
        out com1, "done\\n"
        cli
        hlt
}
vm a on hv { memory 16 MiB devices com1, t0 run sleeper }
vm b on hv { memory 16 MiB devices com1 run worker }
`);
        expect(vm(result, 'a').console).toBe('awake\n');
        expect(vm(result, 'b').console).toBe('done\n');
        // b ran while a slept: it did not wait for a's slice to end
        expect(vm(result, 'b').cycles.waiting).toBeLessThan(10_000);
        const first = result.timeline.find((t) => t.vm === 'b');
        expect(first?.start).toBeLessThan(10_000);
    });

    it('set_timer_op arms the timer of a paravirtualized kernel; the upcall runs its interrupt timer handler', async () => {
        const { result } = await run(`${machine('para')}
os pv paravirtualized {
    syscall sleep() {
        hypercall set_timer_op(3000)
        hypercall sched_op(1, 0)
    }
    syscall write(dev, value) {
        hypercall console_io(dev, value)
    }
    interrupt timer() {
        load r1, [0x3000]
        inc r1
        store [0x3000], r1
    }
    syscall ticks() {
        load r0, [0x3000]
    }
}
program p {
    syscall sleep()
    syscall sleep()
    syscall ticks()
    syscall write(com1, r0)
}
vm v: pv on hv { memory 16 MiB devices com1, t0 run p }
`);
        const v = vm(result, 'v');
        expect(v.console).toBe('2\n');
        expect(v.interrupts).toMatchObject({ raised: 2, delivered: 2, lost: 0 });
        expect(v.exits.interrupt).toBe(2);
    });

    it('an interrupt nobody handles is lost; hlt with if = 0 stops at once', async () => {
        const { result } = await run(`${machine('hardware')}
program k {
        out t0, 100
        mov r1, 500
spin:   dec r1
        jnz spin
        cli
        hlt
}
vm v on hv { memory 16 MiB devices com1, t0 run k }
`);
        const v = vm(result, 'v');
        expect(v.status).toBe('halted');
        expect(v.interrupts).toMatchObject({ raised: 1, delivered: 0, lost: 1 });
    });
});
