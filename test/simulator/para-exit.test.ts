// A paravirtualized process's exit is a kernel matter: xenlinux's `exit` blocks its vCPU
// (SCHEDOP_block), so in a VM of several vCPUs each program runs to its end and the VM halts
// with its last one. SCHEDOP_shutdown is the kernel powering the VM off: the VM halts at once,
// and its stop reason names the vCPUs that were cut off.
import { describe, expect, it } from 'vitest';
import { both, workspaceOf } from '../fast/compare.js';
import { costsOf, run, vm } from './helpers.js';

const XEN = `hardware box { cpu 2 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor xen: type1 on box { virtualization para }
`;

const SHORT_AND_LONG = `program short {
        syscall write(com1, "short done\\n")
        syscall exit(0)
}
program long {
        mov r1, 20000
loop:   dec r1
        jnz loop
        syscall write(com1, "long done\\n")
        syscall exit(0)
}
`;

async function alike(text: string): Promise<void> {
    const { exact, fast } = both(await workspaceOf([{ path: '/virtual/para-exit.vmdef', text }]));
    expect(exact.error).toBeUndefined();
    expect(JSON.stringify(fast.result)).toBe(JSON.stringify(exact.result));
    expect(fast.console).toEqual(exact.console);
}

describe('exit under xenlinux', () => {
    it('ends one program: the other vCPU runs to its end, the VM halts with the last', async () => {
        const text = `${XEN}vm w: xenlinux on xen { vcpus 2 memory 16 MiB devices com1 run short on vcpu 0 run long on vcpu 1 }\n${SHORT_AND_LONG}`;
        await alike(text);
        const { sim, result } = await run(text);
        const w = vm(result, 'w');
        expect(w.console).toBe('short done\nlong done\n');
        expect(w.status).toBe('halted');
        expect(w.stop).toBeUndefined();
        // mmuext_op: the boot's, loading the page directory (LANGUAGE.md §11)
        expect(w.hypercalls).toEqual({ mmuext_op: 1, console_io: 2, sched_op: 2 });
        // the long program's loop ran whole (mov, then dec and jnz 20,000 times: a syscall costs the kernel), and the run lasted as long
        expect(w.cycles.guest).toBe((1 + 2 * 20_000) * costsOf(sim, 'xen').instruction);
        expect(result.cycles).toBeGreaterThan(40_000);
    });

    it('costs what it did on one vCPU: sched_op(1): cmp, je, hw halt', async () => {
        // 1 MiB: xenlinux boots without paging (no mmuext_op), so the hypervisor's figure is exit's alone
        const text = `${XEN}vm t: xenlinux on xen { memory 1 MiB devices com1 run short }\n${SHORT_AND_LONG}`;
        const { sim, result } = await run(text);
        const c = costsOf(sim, 'xen');
        const t = vm(result, 't');
        expect(t.cycles.hypervisor).toBe(2 * c.hypercall + c.instruction + c.device + 3 * c.instruction);
    });

    it('SCHEDOP_shutdown powers the VM off and names the vCPUs it stopped', async () => {
        const text = `${XEN}os xenpoweroff paravirtualized {
    syscall write(dev, value) {
        hypercall console_io(dev, value)
    }
    syscall exit(code) {
        hypercall sched_op(2, code)     // SCHEDOP_shutdown: the whole VM
    }
}
vm w: xenpoweroff on xen { vcpus 2 memory 16 MiB devices com1 run short on vcpu 0 run long on vcpu 1 }
${SHORT_AND_LONG}`;
        await alike(text);
        const { result } = await run(text);
        const w = vm(result, 'w');
        expect(w.console).toBe('short done\n');
        expect(w.status).toBe('halted');
        expect(w.stop?.reason).toBe('powered off by hw shutdown(0) from w/vcpu0: stopped w/vcpu1');
        expect(w.stop?.at?.line).toBe(8);
    });
});
