// Paravirtual interrupt masking (docs/language.md, Exceptions and interrupts): a paravirtualized
// kernel's `cli` / `sti` are plain stores to the event mask of its shared info page — no trap, no
// hypercall — and an event that arrived while masked is delivered as soon as the kernel unmasks,
// after the one hypercall Linux's xen_irq_enable makes to force it.
import { describe, expect, it } from 'vitest';
import { costsOf, run, vm } from './helpers.js';

const MACHINE = `hardware box { cpu 4 cores @ 1 GHz memory 1 GiB device com1: serial device t0: timer }
hardware box2 { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor xen: type1 on box { virtualization para }
hypervisor trap: type1 on box2 { virtualization full }
`;

/** A kernel without OS that runs `op` 1,000 times. */
function loop(name: string, op: string, exit: string): string {
    return `program ${name} {\n        mov r1, 1000\nagain:  ${op}\n        dec r1\n        jnz again\n        ${exit}\n}\n`;
}

describe('cli / sti in a paravirtualized kernel', () => {
    it('cost a store each, as many cycles as the instructions they replace: no trap, no exit, no hypercall', async () => {
        const { sim, result } = await run(`${MACHINE}
${loop('masks', 'cli\n        sti', 'hypercall sched_op(2, 0)')}
${loop('nops', 'nop\n        nop', 'hypercall sched_op(2, 0)')}
${loop('traps', 'cli\n        sti', 'hlt')}
vm pv_masks on xen { memory 16 MiB run masks }
vm pv_nops on xen { memory 16 MiB run nops }
vm full_masks on trap { memory 16 MiB run traps }
`);
        const masks = vm(result, 'pv_masks');
        const nops = vm(result, 'pv_nops');
        expect(masks.status).toBe('halted');
        expect(masks.cycles).toEqual(nops.cycles);
        expect(masks.exits).toEqual({});
        expect(masks.hypercalls).toEqual({ sched_op: 1 });
        // under trap-and-emulate each one traps (and its handler's `hw set_if` runs)
        const c = costsOf(sim, 'trap');
        const full = vm(result, 'full_masks');
        expect(full.exits.irq).toBe(2000);
        expect(full.cycles.hypervisor - c.trap - c.instruction).toBe(2000 * (c.trap + c.instruction));
    });
});

/** A kernel that arms a tick in 100 cycles, then spins past it with events masked (`cli`) or not (`sti`). */
function tickWhile(mask: 'cli' | 'sti'): string {
    return `os pvos paravirtualized {
    syscall work() {
        ${mask}
        hypercall set_timer_op(100)
        mov r1, 300
spin:   dec r1
        jnz spin                        // the tick comes here
        hypercall console_io(com1, 1)
        sti                             // unmask: a tick held back is delivered now
        hypercall console_io(com1, 3)
    }
    syscall exit(code) {
        hypercall sched_op(2, code)
    }
    interrupt timer() {
        hypercall console_io(com1, 2)
    }
}
program p {
    syscall work()
    syscall exit(0)
}
vm v: pvos on xen { memory 16 MiB devices com1, t0 run p }
`;
}

describe('events masked through the shared info page', () => {
    for (const engine of ['exact', 'fast'] as const) {
        it(`wait while masked and are delivered at the unmasking sti, in order (${engine})`, async () => {
            const masked = await run(`${MACHINE}${tickWhile('cli')}`, { engine });
            const open = await run(`${MACHINE}${tickWhile('sti')}`, { engine });
            const m = vm(masked.result, 'v');
            const o = vm(open.result, 'v');
            // masked: the upcall runs between the console writes around the sti; unmasked: in the spin
            expect(m.console).toBe('1\n2\n3\n');
            expect(o.console).toBe('2\n1\n3\n');
            expect(m.interrupts).toMatchObject({ raised: 1, delivered: 1, lost: 0 });
            expect(m.interrupts.maxDelay).toBeGreaterThan(o.interrupts.maxDelay);
            // the hypervisor took the physical interrupt either way (one trap) and injected it
            expect(m.exits).toEqual({ interrupt: 1 });
            expect(o.exits).toEqual({ interrupt: 1 });
            // unmasking with the event pending: the kernel forces the upcall with one hypercall
            expect(m.hypercalls.xen_version).toBe(1);
            expect(o.hypercalls.xen_version).toBeUndefined();
            const c = costsOf(masked.sim, 'xen');
            expect(m.cycles.hypervisor - o.cycles.hypervisor).toBe(c.hypercall);
            expect(m.cycles.kernel).toBe(o.cycles.kernel);
        });
    }
});
