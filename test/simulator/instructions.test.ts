// Every guest instruction of LANGUAGE.md §4 on a guest kernel without OS under `full`, with its
// result on the console and exact cycle figures derived from the preset in use.
import { describe, expect, it } from 'vitest';
import { box, costsOf, run, vm } from './helpers.js';

/** A unikernel VM running `body` on the `full` box. */
function unikernel(body: string, memory = '16 MiB'): string {
    return `${box('full')}vm t on hv { memory ${memory} devices com1 run p }\nprogram p {\n${body}\n}\n`;
}

/** Hypervisor cycles of `outs` trapped `out`s of numbers and one trapped `hlt` under the stdlib full monitor. */
function fullMonitorCycles(c: Record<string, number>, outs: number): number {
    // io_out: hw emulate() + hw io_write(): two instructions, emulate, io; halt: hw halt(): one instruction
    return (outs + 1) * c.trap + outs * (2 * c.instruction + c.emulate + c.device) + c.instruction;
}

describe('arithmetic (int32)', () => {
    it('computes add, sub, mul, div, mod, and, or, xor, shl, shr, inc, dec with x86 semantics', async () => {
        const { sim, result } = await run(unikernel(`
            mov r1, 7
            add r1, 5
            sub r1, 2
            mul r1, -3
            div r1, 4
            mov r2, -30
            mod r2, 4
            mov r3, 12
            and r3, 10
            or r3, 1
            xor r3, 3
            shl r3, 2
            mov r4, -1
            shr r4, 28
            inc r4
            dec r4
            out com1, r1
            out com1, r2
            out com1, r3
            out com1, r4
            hlt`));
        const t = vm(result, 't');
        expect(t.console).toBe('-7\n-2\n40\n15\n');
        expect(t.status).toBe('halted');
        expect(t.instructions).toBe(21);
        const c = costsOf(sim, 'hv');
        expect(t.cycles.kernel).toBe(16 * c.instruction);
        expect(t.cycles.guest).toBe(0);
        expect(t.cycles.hypervisor).toBe(fullMonitorCycles(c, 4));
        expect(t.cycles.total).toBe(t.cycles.kernel + t.cycles.hypervisor);
        expect(t.exits).toEqual({ io: 4, hlt: 1 });
    });

    it('wraps on overflow and shifts by the low five bits', async () => {
        const { result } = await run(unikernel(`
            mov r1, 2147483647
            add r1, 1
            out com1, r1
            mov r2, 1
            shl r2, 33
            out com1, r2
            mov r3, 65536
            mul r3, 65536
            out com1, r3
            hlt`));
        expect(vm(result, 't').console).toBe('-2147483648\n2\n0\n');
    });

    it('faults with #DE on division by zero, at the instruction, and the VM stops there', async () => {
        const { result } = await run(unikernel(`
            mov r1, 5
            mov r2, 0
            div r1, r2
            out com1, "unreachable"
            hlt`));
        const t = vm(result, 't');
        expect(t.status).toBe('faulted');
        expect(t.stop?.reason).toMatch(/^#DE/);
        expect(t.stop?.at?.line).toBe(8);
        expect(t.console).toBe('');
        expect(t.exits.fault).toBe(1);
    });
});

describe('control flow', () => {
    it('compares signed values exactly and takes the conditional jumps accordingly', async () => {
        const { result } = await run(unikernel(`
            mov r1, -2147483648
            cmp r1, 1
            jl less
            out com1, "wrong"
less:       cmp r1, r1
            je equal
            out com1, "wrong"
equal:      mov r2, 3
            cmp r2, 2
            jg greater
            out com1, "wrong"
greater:    jge ge
            out com1, "wrong"
ge:         cmp r2, 3
            jle le
            out com1, "wrong"
le:         jne wrong
            jz ok
wrong:      out com1, "wrong"
ok:         out com1, "ok\\n"
            hlt`));
        expect(vm(result, 't').console).toBe('ok\n');
    });

    it('counts a loop down with dec/jnz at one cycle per instruction', async () => {
        const { sim, result } = await run(unikernel(`
            mov r1, 1000
loop:       dec r1
            jnz loop
            hlt`));
        const c = costsOf(sim, 'hv');
        const t = vm(result, 't');
        expect(t.instructions).toBe(1 + 2000 + 1);
        expect(t.cycles.kernel).toBe((1 + 2000) * c.instruction);
        expect(t.cycles.hypervisor).toBe(fullMonitorCycles(c, 0));
    });

    it('calls and returns', async () => {
        const { result } = await run(unikernel(`
            mov r1, 0
            call five
            call five
            out com1, r1
            hlt
five:       add r1, 5
            ret`));
        expect(vm(result, 't').console).toBe('10\n');
    });

    it('bounds runaway recursion with #SS', async () => {
        const { result } = await run(unikernel(`
f:          call f`));
        const t = vm(result, 't');
        expect(t.status).toBe('faulted');
        expect(t.stop?.reason).toMatch(/^#SS/);
    });
});

describe('memory and stack', () => {
    it('stores, loads, pushes and pops 32-bit words in sparse pages', async () => {
        const { result } = await run(unikernel(`
            mov r1, 4096
            store [r1], 42
            load r2, [r1]
            push r2
            push 7
            pop r3
            pop r4
            load r5, [8192]
            out com1, r3
            out com1, r4
            out com1, r5
            hlt`));
        const t = vm(result, 't');
        expect(t.console).toBe('7\n42\n0\n');
        // page 1 (4096), page 2 (8192, read), the stack page below 1 MiB
        expect(t.memory.touchedPages).toBe(3);
        expect(t.memory.declaredBytes).toBe(16 * 1024 * 1024);
    });

    it('faults with #PF past the VM memory', async () => {
        const { result } = await run(unikernel(`
            store [0x200000], 1
            hlt`, '1 MiB'));
        const t = vm(result, 't');
        expect(t.status).toBe('faulted');
        expect(t.stop?.reason).toMatch(/^#PF/);
    });
});

describe('privilege', () => {
    it('faults with #GP on a privileged instruction in user code; the other VM goes on', async () => {
        const text = `${box('full', 'overcommit cpu 2.0')}
vm bad: linux on hv { memory 16 MiB devices com1 run rogue }
vm good: linux on hv { memory 16 MiB devices com1 run polite }
program rogue {
    cli
    syscall write(com1, "never\\n")
}
program polite {
    syscall write(com1, "hi\\n")
    syscall exit(0)
}
`;
        const { result } = await run(text);
        const bad = vm(result, 'bad');
        expect(bad.status).toBe('faulted');
        expect(bad.stop?.reason).toMatch(/^#GP/);
        expect(bad.stop?.at).toMatchObject({ file: '/virtual/sim-test.vmdef', line: 7, column: 5 });
        // linux's general_protection handler: the process is killed, the shell says why
        expect(bad.console).toBe('Segmentation fault\n');
        expect(bad.faults).toEqual({ 13: 1 });
        const good = vm(result, 'good');
        expect(good.status).toBe('halted');
        expect(good.console).toBe('hi\n');
    });
});
