// Serial input (LANGUAGE.md §12): `input "…"` waits at boot, `input at T "…"` arrives at T;
// `in r1, com1` reads one byte's code, 0 when none has arrived — through the device model
// (emulated: every `in` traps or exits), and directly when the port is passed through.
import { describe, expect, it } from 'vitest';
import { host, runBoth, vmOf } from './helpers.js';

/** Program `p`: `count` times, read a byte from com1 and write its code back; then hlt. */
const echo = (count: number) => `program p {\n${'    in r1, com1\n    out com1, r1\n'.repeat(count)}    hlt\n}\n`;

describe('serial input', () => {
    for (const technique of ['full', 'binary', 'hardware']) {
        it(`reads the input waiting at boot a byte per in, then 0 (${technique})`, async () => {
            const text = `${host(technique, 'input "ab"')}
vm a on hv { memory 16 MiB devices com1 run p }
${echo(3)}`;
            const a = vmOf(await runBoth(text), 'a');
            expect(a.console).toBe('97\n98\n0\n');
            expect(a.exits.io).toBe(6);
            expect(a.io?.com1).toMatchObject({ kind: 'serial', path: 'emulated', accesses: 6, exits: 6, requests: 5 });
            // two bytes read, "97\n" "98\n" "0\n" written
            expect(a.io?.com1.bytes).toBe(2 + 8);
        });
    }

    it('a timed arrival is 0 before its time and the byte after it; each VM reads its own copy', async () => {
        // 1 GHz: `at 20 us` is cycle 20,000; each VT-x `in` costs an exit of 1,300 cycles and more
        const text = `${host('hardware', 'input "A" input at 20 us "z"')}
vm a on hv { memory 16 MiB devices com1 run p }
vm b on hv { memory 16 MiB devices com1 run p }
program p {
        in r1, com1             // "A", there at boot
        out com1, r1
        mov r3, 0
wait:   inc r3
        in r1, com1
        cmp r1, 0
        jne got
        cmp r3, 1000
        jl wait
got:    out com1, r1
        out com1, r3
        hlt
}
`;
        const result = await runBoth(text);
        for (const name of ['a', 'b']) {
            const vm = vmOf(result, name);
            const [first, second, polls] = vm.console.split('\n');
            expect([first, second]).toEqual(['65', '122']);
            // it polled (got 0) a few times before cycle 20,000, and not the whole 1,000
            expect(Number(polls)).toBeGreaterThan(3);
            expect(Number(polls)).toBeLessThan(30);
        }
    });

    it('a passed-through serial port is read without the hypervisor', async () => {
        const text = `${host('hardware', 'input "ok"')}
vm a on hv { memory 16 MiB passthrough com1 run p }
${echo(2)}`;
        const a = vmOf(await runBoth(text), 'a');
        expect(a.console).toBe('111\n107\n');
        expect(a.exits.io).toBeUndefined();
        expect(a.io?.com1).toMatchObject({ path: 'passthrough', accesses: 4, exits: 0, exitsPerByte: 0 });
    });

    it('under para the kernel reads through a hypercall naming the port', async () => {
        const text = `${host('para', 'input "x"')}
vm a: xenlinux on hv { memory 16 MiB devices com1 run p }
program p {
    syscall read(com1)
    syscall write(com1, r0)
    syscall exit(0)
}
`;
        const a = vmOf(await runBoth(text), 'a');
        expect(a.console).toBe('120\n');
        expect(a.hypercalls).toMatchObject({ console_read: 1, console_io: 1 });
        expect(a.io?.com1).toMatchObject({ path: 'emulated', accesses: 2, exits: 2 });
    });

    it('input arrivals keep time order, then file order; text is UTF-8 bytes', async () => {
        const text = `${host('full', 'input at 2 us "b" input "é" input at 1 us "a"')}
vm a on hv { memory 16 MiB devices com1 run p }
program p {
        mov r3, 0
loop:   inc r3
        in r1, com1
        cmp r1, 0
        je skip
        out com1, r1
skip:   cmp r3, 400
        jl loop
        hlt
}
`;
        expect(vmOf(await runBoth(text), 'a').console).toBe('195\n169\n97\n98\n');
    });
});
