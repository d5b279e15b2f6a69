// Recursion across layers (a syscall that makes itself, a kernel recursing through hypercalls, a
// host driver issuing its own command) is bounded: past MAX_LAYER_DEPTH nested frames the guest
// takes a double fault (`#DF`, kernel stack overflow), as a real CPU does when the kernel stack
// runs out, and the VM ends `faulted` — both engines alike, in bounded time and memory.
import { describe, expect, it } from 'vitest';
import { MAX_LAYER_DEPTH } from '../../simulator/machine.js';
import { both, workspaceOf } from '../fast/compare.js';
import { recursiveSyscall, SELF_RECURSIVE_SYSCALL } from '../helpers/recursion.js';
import { run, vm } from './helpers.js';

const OVERFLOW = `#DF: kernel stack overflow: more than ${MAX_LAYER_DEPTH} nested layers (double fault)`;

/** Runs on both engines, expects the same result and returns the exact one's VM `name`. */
async function faultsAlike(text: string, name: string) {
    const { exact, fast } = both(await workspaceOf([{ path: '/virtual/depth.vmdef', text }]));
    expect(exact.error).toBeUndefined();
    expect(fast.result).toEqual(exact.result);
    expect(fast.console).toEqual(exact.console);
    const { result } = await run(text);
    return vm(result, name);
}

describe('nested layer depth', () => {
    it('a syscall that calls itself faults #DF at the limit, with its location', async () => {
        const text = SELF_RECURSIVE_SYSCALL;
        const a = await faultsAlike(text, 'a');
        expect(a.status).toBe('faulted');
        expect(a.stop?.reason).toBe(OVERFLOW);
        expect(a.stop?.at?.line).toBe(5);
        expect(a.exits).toEqual({ fault: 1 });
        // the program and MAX_LAYER_DEPTH − 1 syscalls ran (one instruction each up to the fault)
        expect(a.instructions).toBe(MAX_LAYER_DEPTH);
    });

    it('a paravirtualized kernel recursing through syscalls that make hypercalls', async () => {
        const text = recursiveSyscall('para', '        hypercall console_io(dev, value)\n        syscall write(dev, value)', true);
        const a = await faultsAlike(text, 'a');
        expect(a.status).toBe('faulted');
        expect(a.stop?.reason).toBe(OVERFLOW);
        // each syscall level printed before going deeper, while its hypercall and hw command had room
        expect(a.console).toBe('1\n'.repeat(MAX_LAYER_DEPTH - 3));
    });

    it('a para monitor handler that makes its own hypercall', async () => {
        const text = `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor xen: type1 on box { virtualization para }
monitor para {
    on console_io(dev, value) {
        hypercall console_io(dev, value)
    }
}
os pv paravirtualized {
    syscall write(dev, value) {
        hypercall console_io(dev, value)
    }
}
vm a: pv on xen { memory 16 MiB devices com1 run p }
program p {
    syscall write(com1, 1)
}
`;
        const a = await faultsAlike(text, 'a');
        expect(a.status).toBe('faulted');
        expect(a.stop?.reason).toBe(OVERFLOW);
        expect(a.stop?.at?.line).toBe(5);
        // the guest program, its syscall, then 62 hypercalls entered; the 63rd is refused
        expect(a.hypercalls).toEqual({ console_io: MAX_LAYER_DEPTH - 2 });
    });

    it('a kernel recursing with a trapping cli: the fast engine fuses no trap that has no room', async () => {
        const text = recursiveSyscall('full', '        cli\n        syscall write(dev, value)');
        const a = await faultsAlike(text, 'a');
        expect(a.status).toBe('faulted');
        expect(a.stop?.reason).toBe(OVERFLOW);
        // the syscall at depth 63 traps; its handler's hw set_if would be frame 65
        expect(a.stop?.at?.file).toMatch(/monitors\.vmdef$/);
        expect(a.exits).toEqual({ irq: MAX_LAYER_DEPTH - 2, fault: 1 });
    });
});
