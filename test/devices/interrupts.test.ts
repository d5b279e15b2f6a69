// Devices raise their interrupts through the one delivery path (LANGUAGE.md §10, §12): a disk's
// completion `latency` after the request, a serial port's timed input when it arrives, each on
// the device's vector (33 and up in the hardware's order: com1 33, disk0 34, nic0 35 here).
// `hlt` waits for them. Both engines agree.
import { describe, expect, it } from 'vitest';
import { host, request, runBoth, vmOf } from './helpers.js';

/** A unikernel whose every vector enters `on_irq`: it records the vector and counts. */
const HANDLER = `on_irq: store [0x5000], r0
        load r7, [0x5004]
        inc r7
        store [0x5004], r7
        iret
`;

describe('device interrupts', () => {
    for (const technique of ['full', 'binary', 'hardware']) {
        it(`a disk request completes with an interrupt 80 us later; hlt waits for it (${technique})`, async () => {
            const text = `${host(technique)}vm a on hv { memory 16 MiB devices com1, disk0 run p }
program p {
        lidt on_irq
        sti
${request(0x1000, 1, 0x2000, 4, 0)}        rdtsc r3
        out disk0, 0x1000
        hlt
        rdtsc r4
        load r1, [0x5000]
        out com1, r1
        load r1, [0x5004]
        out com1, r1
        sub r4, r3
        cmp r4, 80000
        jl early
        out com1, "late enough\\n"
early:  cli
        hlt
${HANDLER}}
`;
            const a = vmOf(await runBoth(text), 'a');
            expect(a.console).toBe('34\n1\nlate enough\n');
            expect(a.io?.disk0).toMatchObject({ requests: 1, interrupts: 1 });
            expect(a.interrupts).toMatchObject({ raised: 1, delivered: 1, lost: 0 });
            expect(a.status).toBe('halted');
        });
    }

    it('a timed serial arrival interrupts a waiting kernel, whose handler reads the byte', async () => {
        const text = `${host('hardware', 'input "a" input at 20 us "z"')}vm a on hv { memory 16 MiB devices com1 run p }
program p {
        lidt on_irq
        sti
        in r1, com1             // "a", waiting at boot: no interrupt
        out com1, r1
        hlt                     // until "z" arrives
        load r1, [0x5000]
        out com1, r1
        in r1, com1
        out com1, r1
        cli
        hlt
${HANDLER}}
`;
        const a = vmOf(await runBoth(text), 'a');
        expect(a.console).toBe('97\n33\n122\n');
        expect(a.io?.com1).toMatchObject({ interrupts: 1 });
        expect(a.interrupts).toMatchObject({ raised: 1, delivered: 1, lost: 0 });
    });

    it('without a handler the arrival is lost, and a kernel with interrupts off does not wait for it', async () => {
        const text = `${host('hardware', 'input at 20 us "z"')}vm a on hv { memory 16 MiB devices com1 run p }
program p {
        cli
        hlt
}
vm b on hv { memory 16 MiB devices com1 run q }
program q {
        hlt                     // if = 1 and input still to come: waits for it
        out com1, "woke\\n"
        cli
        hlt
}
`;
        const result = await runBoth(text);
        expect(vmOf(result, 'a').interrupts).toMatchObject({ raised: 0 });
        expect(vmOf(result, 'a').status).toBe('halted');
        const b = vmOf(result, 'b');
        expect(b.console).toBe('woke\n');
        expect(b.interrupts).toMatchObject({ raised: 1, delivered: 0, lost: 1 });
        expect(b.status).toBe('halted');
    });
});
