// Isolation (LANGUAGE.md §11, §12): a guest can never DMA outside its own memory — not past its
// end, not round the 32-bit space, not into the range where the host keeps the next VM — by any
// path: the device model (emulated), the virtio backend, or the IOMMU (passthrough). Every such
// request is refused and counted, its status says −1 where that word is the VM's, and the
// neighbour's memory and the device's contents stay as they were. Both engines agree.
import { describe, expect, it } from 'vitest';
import { host, request, runBoth, vmOf } from './helpers.js';

const MEMORY = 16 * 1024 * 1024;

/** VM `a` runs `attack`; VM `b`, the neighbour laid out right after it, writes a marker and reads it back at the end. */
function scenario(attack: string, use: string): string {
    return `${host('hardware')}vm a on hv { memory 16 MiB devices com1 ${use} run attack }
vm b on hv { memory 16 MiB devices com1 run victim }
program attack {
${attack}    hlt
}
program victim {
        store [0x0], 77
        mov r3, 0
spin:   inc r3
        cmp r3, 20000
        jl spin
        load r1, [0x0]
        out com1, r1
        hlt
}
`;
}

/** Each hostile request: its buffer, length, and what makes it hostile. */
const HOSTILE: [string, number | string, number][] = [
    ['a buffer just past the VM\'s memory (the neighbour\'s first bytes on the host)', MEMORY, 8],
    ['a buffer that runs over the end', MEMORY - 4, 8],
    ['a buffer that wraps round the 32-bit space', -4, 8],
    ['a negative address', -4096, 4],
    ['a negative length', 0x2000, -8],
    ['a length past the largest transfer', 0x2000, 65_540],
];

const PATHS: [string, string, string][] = [
    // name, how the VM is given disk0, how a request reaches the device
    ['emulated (device model)', 'devices disk0', 'out disk0, 0x1000\n'],
    ['virtio (backend)', 'devices disk0 virtio', '    store [0x4000], 1\n    store [0x4004], 0x1000\n    out disk0, 0x4000\n'],
    ['passthrough (IOMMU)', 'passthrough disk0', 'out disk0, 0x1000\n'],
];

describe('no DMA outside the VM\'s memory', () => {
    for (const [path, use, submit] of PATHS) {
        for (const [what, buffer, length] of HOSTILE) {
            it(`${path}: ${what} is refused, counted, and touches nothing`, async () => {
                const attack = `${request(0x1000, 1, buffer, length)}    ${submit}    load r1, [0x1010]
    out com1, r1
`;
                const result = await runBoth(scenario(attack, use));
                const a = vmOf(result, 'a');
                const b = vmOf(result, 'b');
                expect(a.status).toBe('halted');
                expect(a.console).toBe('-1\n');
                expect(a.io?.disk0).toMatchObject({ refused: 1, requests: 0, bytes: 0 });
                expect(b.console).toBe('77\n');
                // only the pages a itself stored to: its request (and ring) page; nothing past its end
                expect(a.memory.touchedPages).toBe(submit.includes('0x4000') ? 2 : 1);
            });
        }
    }

    for (const [path, use, submit] of PATHS) {
        it(`${path}: a request block outside the VM is refused without writing a status`, async () => {
            const attack = `    ${submit.replaceAll('0x1000', String(MEMORY - 8))}`;
            const a = vmOf(await runBoth(scenario(attack, use)), 'a');
            expect(a.io?.disk0).toMatchObject({ refused: 1, requests: 0 });
            expect(a.status).toBe('halted');
        });
    }

    it('a virtio ring outside the VM, or claiming more requests than a ring holds, is refused', async () => {
        const attack = `${request(0x1000, 1, 0x2000, 4)}    out disk0, ${MEMORY}
    store [0x4000], 1000
    out disk0, 0x4000
    store [${MEMORY - 4}], 2
    out disk0, ${MEMORY - 4}
`;
        const a = vmOf(await runBoth(scenario(attack, 'devices disk0 virtio')), 'a');
        // the ring past the end; 1,000 queued (capped at 64, the rest refused: the addresses are 0);
        // a ring whose entries run past the end
        expect(a.io?.disk0.refused).toBeGreaterThanOrEqual(3);
        expect(a.status).toBe('halted');
    });

    it('a write from outside the VM never reaches the disk: a read-back sees zeros', async () => {
        const attack = `${request(0x1000, 2, MEMORY, 8, 5)}    out disk0, 0x1000
${request(0x1100, 1, 0x3000, 8, 5)}    store [0x3000], 9
    out disk0, 0x1100
    load r1, [0x3000]
    out com1, r1
`;
        const a = vmOf(await runBoth(scenario(attack, 'passthrough disk0')), 'a');
        expect(a.console).toBe('0\n');
        expect(a.io?.disk0).toMatchObject({ refused: 1, requests: 1, bytes: 8 });
    });
});
