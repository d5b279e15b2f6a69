// Xen's batched mmu_update (LANGUAGE.md §11, `paging direct`): `hypercall mmu_update_batch(requests,
// count)` → the para monitor's `hw pte_write_batch`: `count` (entry, value) word pairs at
// guest-physical `requests`, each validated like the one-entry `mmu_update` (refused ones counted,
// r0 = how many), and adversarially: an array outside the VM, a count of 1,000,000 or a negative
// one is refused whole (r0 = -1), nothing outside the VM's memory is ever read, written or
// allocated, and the work per hypercall stays bounded. Both engines, same figures.
import { describe, expect, it } from 'vitest';
import { box, run, vm } from '../simulator/helpers.js';

/** A Xen kernel of its own (16 MiB): a directory, one table, the array of requests at 0x3000. */
function xenKernel(requests: [number, number][], calls: string): string {
    const array = requests.flatMap(([entry, value], i) => [`store [${0x3000 + i * 8}], ${entry}`, `store [${0x3000 + i * 8 + 4}], ${value}`]).join('\n');
    return `${box('para')}vm t on hv { memory 16 MiB devices com1 run p }
program p {
store [0x1004], 0x2007
store [0x2000], 0x10007
${array}
hypercall mmuext_op(0x1000)
${calls}
hypercall sched_op(1, 0)
}
`;
}

const print = (call: string): string => `hypercall ${call}\nhypercall console_io(com1, r0)`;

describe.each(['exact', 'fast'] as const)('batched mmu_update (%s engine)', (engine) => {
    it('writes each valid entry of the batch, refuses and counts the others, in one hypercall', async () => {
        const requests: [number, number][] = [
            [0x2004, 0x11007],          // own frame: written
            [0x2008, 0x7fff0007],       // a frame far outside the 16 MiB: refused
            [0x7fff0000, 0x12007],      // an entry outside the VM: refused
            [0x200c, 0x13007],          // written
        ];
        const { sim, result } = await run(xenKernel(requests, print('mmu_update_batch(0x3000, 4)')), { engine });
        const t = vm(result, 't');
        expect(t.status).toBe('halted');
        expect(t.console).toBe('2\n');
        expect(t.memory.refused).toBe(2);
        expect(t.hypercalls.mmu_update_batch).toBe(1);
        const memory = sim.state.vms[0].memory;
        expect(memory.read(0x2004)).toBe(0x11007);
        expect(memory.read(0x200c)).toBe(0x13007);
        expect(memory.read(0x2008)).toBe(0);
        expect(memory.has(0x7fff0000 >>> 12)).toBe(false);
    });

    it('refuses a whole batch whose array lies outside the VM, a count of 1,000,000, a negative count, a misaligned array', async () => {
        const calls = [
            'mmu_update_batch(0x7fff0000, 1)',   // the array past the VM's memory
            'mmu_update_batch(0xfffff8, 2)',     // straddling its end (16 MiB − 8, 16 bytes)
            'mmu_update_batch(0x3000, 1000000)', // over the bound (512): not a million validations
            'mmu_update_batch(0x3000, -1)',
            'mmu_update_batch(0x3002, 1)',
            'mmu_update_batch(0x3000, 0)',       // nothing to do: nothing refused
        ].map(print).join('\n');
        const { sim, result } = await run(xenKernel([[0x2004, 0x11007]], calls), { engine });
        const t = vm(result, 't');
        expect(t.status).toBe('halted');
        expect(t.console).toBe('-1\n-1\n-1\n-1\n-1\n0\n');
        expect(t.memory.refused).toBe(5);
        const memory = sim.state.vms[0].memory;
        // nothing read into being or written: the entry the refused batches held is not there
        expect(memory.read(0x2004)).toBe(0);
        expect(memory.has(0x7fff0000 >>> 12)).toBe(false);
        expect(memory.has(0xfff000 >>> 12)).toBe(false);
    });

    it('costs one hypercall and `mmu` per request: cheaper than one hypercall per entry', async () => {
        const requests: [number, number][] = [[0x2004, 0x11007], [0x2008, 0x12007], [0x200c, 0x13007]];
        const batch = vm((await run(xenKernel(requests, 'hypercall mmu_update_batch(0x3000, 3)'), { engine })).result, 't');
        const single = vm((await run(xenKernel(requests, requests.map(([e, v]) => `hypercall mmu_update(${e}, ${v})`).join('\n')), { engine })).result, 't');
        expect(batch.memory.pteWrites).toBe(3);
        expect(single.memory.pteWrites).toBe(3);
        // `hypercall` 1,200 (modern) saved twice; the batch's one command instead of three
        expect(single.cycles.hypervisor - batch.cycles.hypervisor).toBe(2 * 1200 + 2);
        expect(single.cycles.kernel - batch.cycles.kernel).toBe(0);
    });
});
