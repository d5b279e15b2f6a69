// Disks and nics move data by DMA into guest memory (LANGUAGE.md §12): `out disk0, request`
// hands the device a request block's guest address; the three ways to reach the device —
// emulated (one trap / exit per request), virtio (a ring: one notify per batch), passthrough
// (no hypervisor) — move the same bytes with very different numbers of exits.
import { describe, expect, it } from 'vitest';
import { host, request, runBoth, vmOf } from './helpers.js';

/** Writes two words to block 3, reads them back elsewhere, prints them and both statuses. */
const ROUND_TRIP = `program p {
    store [0x2000], 11
    store [0x2004], 22
${request(0x1000, 2, 0x2000, 8, 3)}${request(0x1100, 1, 0x3000, 8, 3)}    out disk0, 0x1000
    out disk0, 0x1100
    load r1, [0x3000]
    out com1, r1
    load r1, [0x3004]
    out com1, r1
    load r1, [0x1010]
    out com1, r1
    load r1, [0x1110]
    out com1, r1
    hlt
}
`;

describe('DMA requests', () => {
    for (const technique of ['full', 'binary', 'hardware']) {
        it(`an emulated disk writes and reads back a block: one exit per request (${technique})`, async () => {
            const a = vmOf(await runBoth(`${host(technique)}vm a on hv { memory 16 MiB devices com1, disk0 run p }\n${ROUND_TRIP}`), 'a');
            expect(a.console).toBe('11\n22\n1\n1\n');
            expect(a.io?.disk0).toMatchObject({ kind: 'disk', path: 'emulated', accesses: 2, exits: 2, requests: 2, bytes: 16, refused: 0 });
            expect(a.io?.disk0.exitsPerByte).toBe(2 / 16);
        });
    }

    it('a passed-through disk does the same without entering the hypervisor', async () => {
        const a = vmOf(await runBoth(`${host('hardware')}vm a on hv { memory 16 MiB devices com1 passthrough disk0 run p }\n${ROUND_TRIP}`), 'a');
        expect(a.console).toBe('11\n22\n1\n1\n');
        expect(a.io?.disk0).toMatchObject({ path: 'passthrough', accesses: 2, exits: 0, requests: 2, bytes: 16 });
        expect(a.exits.io).toBe(4); // the four writes to the emulated com1
    });

    it('each VM has its own disk contents: what one wrote, another reads as zeros', async () => {
        const reader = `program r {
${request(0x1100, 1, 0x3000, 8, 3)}    store [0x3000], 7
    out disk0, 0x1100
    load r1, [0x3000]
    out com1, r1
    hlt
}
`;
        const result = await runBoth(`${host('hardware')}vm a on hv { memory 16 MiB devices com1, disk0 run p }
vm b on hv { memory 16 MiB devices com1, disk0 run r }
${ROUND_TRIP}${reader}`);
        expect(vmOf(result, 'a').console).toBe('11\n22\n1\n1\n');
        expect(vmOf(result, 'b').console).toBe('0\n');
    });

    it('a virtio ring carries a batch in one notify: the result says which path and how many exits', async () => {
        const text = `${host('hardware')}vm a on hv { memory 16 MiB devices com1, disk0 virtio run p }
program p {
${request(0x1000, 2, 0x2000, 64, 0)}${request(0x1020, 2, 0x2000, 64, 1)}${request(0x1040, 1, 0x3000, 1024, 0)}    store [0x2000], 5
    store [0x4000], 3
    store [0x4004], 0x1000
    store [0x4008], 0x1020
    store [0x400c], 0x1040
    in r1, disk0
    out com1, r1
    out disk0, 0x4000
    load r1, [0x4000]
    out com1, r1
    load r1, [0x3000]
    out com1, r1
    load r1, [0x3200]
    out com1, r1
    hlt
}
`;
        const a = vmOf(await runBoth(text), 'a');
        // the vendor ID a driver probes (0x1AF4 = virtio), the ring emptied, blocks 0 and 1 read back
        expect(a.console).toBe(`${0x1af4}\n0\n5\n5\n`);
        expect(a.io?.disk0).toMatchObject({ path: 'virtio', accesses: 2, exits: 2, requests: 3, bytes: 1152, refused: 0 });
    });

    it('a nic transmits by DMA; receiving gives zeros', async () => {
        const text = `${host('hardware')}vm a on hv { memory 16 MiB devices com1 passthrough nic0 run p }
program p {
    store [0x3000], 9
${request(0x1000, 2, 0x2000, 1500, 0)}${request(0x1100, 1, 0x3000, 4, 0)}    out nic0, 0x1000
    out nic0, 0x1100
    load r1, [0x3000]
    out com1, r1
    hlt
}
`;
        const a = vmOf(await runBoth(text), 'a');
        expect(a.console).toBe('0\n');
        expect(a.io?.nic0).toMatchObject({ kind: 'nic', path: 'passthrough', requests: 2, bytes: 1504, exits: 0 });
    });
});
