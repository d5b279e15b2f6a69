// The sim bench's workloads (guest programs and the machines they run on), shared by
// sim.bench.mjs, sim-rows.mjs (which runs each row in a process of its own) and interrupts.bench.mjs.

export const box = (extra = '') => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full ${extra} }
vm k on hv { memory 16 MiB devices com1 run p }
`;
/** The same machine with the VM on it natively. */
export const nativeBox = () => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
vm k on box { memory 16 MiB run p }
`;

/** Each workload: a guest kernel loop, and the same work as plain JS (instructions per iteration). */
export const WORKLOADS = [
    {
        name: 'compute loop',
        perIteration: 8,
        program: `program p {
        mov r1, 1
        mov r2, 7
loop:   add r1, r2
        xor r1, 0x55
        shl r2, 1
        or r2, 1
        sub r1, r2
        and r2, 0xffff
        inc r3
        jmp loop
}`,
        js(iterations) {
            let r1 = 1, r2 = 7, r3 = 0;
            for (let i = 0; i < iterations; i++) {
                r1 = (r1 + r2) | 0; r1 ^= 0x55; r2 = r2 << 1; r2 |= 1; r1 = (r1 - r2) | 0; r2 &= 0xffff; r3 = (r3 + 1) | 0;
            }
            return r1 + r2 + r3;
        },
    },
    {
        name: 'memory loop',
        perIteration: 8,
        program: `program p {
        mov r1, 0x10000
        mov r3, 1
loop:   load r2, [r1]
        add r2, r3
        store [r1], r2
        add r1, 4
        and r1, 0x1fffc
        or r1, 0x10000
        inc r3
        jmp loop
}`,
        js(iterations) {
            const mem = new Int32Array(0x20000 >> 2);
            let r1 = 0x10000, r2 = 0, r3 = 1;
            for (let i = 0; i < iterations; i++) {
                r2 = mem[r1 >> 2]; r2 = (r2 + r3) | 0; mem[r1 >> 2] = r2; r1 = (r1 + 4) | 0; r1 &= 0x1fffc; r1 |= 0x10000; r3 = (r3 + 1) | 0;
            }
            return r2 + mem[5000];
        },
    },
    {
        name: 'branching loop',
        perIteration: 9.5,
        program: `program p {
        mov r4, 1000
loop:   inc r1
        mov r2, r1
        and r2, 1
        jz even
        add r3, r1
        jmp next
even:   sub r3, 1
next:   cmp r1, r4
        jl loop
        mov r1, 0
        jmp loop
}`,
        js(iterations) {
            let r1 = 0, r2 = 0, r3 = 0;
            for (let i = 0; i < iterations; i++) {
                r1 = (r1 + 1) | 0; r2 = r1 & 1;
                if (r2 !== 0) r3 = (r3 + r1) | 0; else r3 = (r3 - 1) | 0;
                if (r1 >= 1000) r1 = 0;
            }
            return r3;
        },
    },
    {
        name: 'trap-heavy loop',
        perIteration: 10,
        // every 10th instruction privileged: cli and sti in turn, each a trap to the full monitor
        program: `program p {
loop:   add r1, r2
        xor r1, 0x55
        inc r2
        add r1, r2
        xor r1, 0x55
        inc r2
        add r1, 3
        sub r1, r2
        cli
        add r1, r2
        xor r1, 0x55
        inc r2
        add r1, r2
        xor r1, 0x55
        inc r2
        add r1, 3
        sub r1, r2
        sti
        jmp loop
}`,
        js(iterations) {
            let r1 = 0, r2 = 0, iflag = 1;
            for (let i = 0; i < iterations; i++) {
                r1 = (r1 + r2) | 0; r1 ^= 0x55; r2 = (r2 + 1) | 0; r1 = (r1 + r2) | 0; r1 ^= 0x55; r2 = (r2 + 1) | 0; r1 = (r1 + 3) | 0; r1 = (r1 - r2) | 0;
                iflag = i & 1;
            }
            return r1 + iflag;
        },
    },
];

/** 1,000 VMs, each a 10,000-instruction countdown in a guest kernel, on one overcommitted host (`os`: under that OS). */
export function manyVms(vms, memory, os) {
    const lines = [
        'hardware rack { cpu 4 sockets x 16 cores @ 2 GHz memory 256 GiB device com1: serial }',
        'hypervisor hv: type1 on rack { virtualization hardware overcommit cpu 100.0, memory 100.0 }',
        // a program under an OS runs in user mode: it ends with the exit system call, not `hlt`
        `program count {\n    mov r1, 3333\nloop: add r2, r1\n    dec r1\n    jnz loop\n    ${os ? 'syscall exit(0)' : 'hlt'}\n}`,
    ];
    lines[0] = lines[0].replace('memory 256 GiB', 'memory 256 GiB extensions vtx');
    for (let i = 0; i < vms; i++) lines.push(`vm vm${i}${os ? `: ${os}` : ''} on hv { memory ${memory} run count }`);
    return lines.join('\n') + '\n';
}

/** Fresh pages the page-fault row touches (issue 13; MAX_PAGES, machine/operands.ts, leaves room for them). */
export const PAGES_TOUCHED = 100_000;

/**
 * A linux program (stdlib os.vmdef: demand paging) under nested paging (VT-x with EPT) storing
 * one word in each of `pages` fresh pages: every store a guest page fault its kernel's handler
 * maps, and an EPT violation the hypervisor backs.
 */
export function touchPages(pages) {
    return `hardware server { cpu 1 cores @ 3 GHz memory 16 GiB extensions vtx, ept, vpid device com1: serial }
hypervisor kvm: type1 on server { virtualization hardware }
program touch {
        mov r1, ${pages}
        mov r2, 0x10000000
fill:   store [r2], r1
        add r2, 4096
        dec r1
        jnz fill
        syscall write(com1, r1)
        syscall exit(0)
}
vm guest: linux on kvm { vcpus 1 memory 512 MiB devices com1 run touch }
`;
}
