// Generates a realistic .vmdef workspace of N VMs for the benchmarks: per 10 VMs one host
// (hardware + hypervisor, Type 1 and Type 2, all four techniques), 2 guest programs, the
// standard library's OSes; every 13th host is overcommitted (cpu-overcommit, memory-overcommit).
// Also returns the same data as a plain object, to time JSON.parse of it (the floor).

const TECHNIQUES = ['full', 'binary', 'para', 'hardware'];

export function generate(vmCount) {
    const parts = [];
    const data = { hardware: [], hypervisors: [], vms: [], programs: [] };
    const groups = Math.ceil(vmCount / 10);
    let vm = 0;
    for (let g = 0; g < groups; g++) {
        const technique = TECHNIQUES[g % 4];
        const type2 = g % 3 === 2;
        const overcommitted = g % 13 === 12;
        const hw = `hw_${g}`;
        const hv = `hv_${g}`;
        parts.push(`// host ${g}: ${type2 ? 'Type 2' : 'Type 1'}, ${technique} virtualization
hardware ${hw} {
    cpu 2 sockets x 8 cores x 2 threads @ 3.2 GHz
    memory 128 GiB
    extensions vtx, ept
    device com1: serial
    device disk0: disk { latency 80 us }
    device nic${g}: nic
}

hypervisor ${hv}: ${type2 ? 'type2' : 'type1'} on ${hw} {
${type2 ? '    host linux { reserve 1 cpus, 2 GiB }\n' : ''}    virtualization ${technique}
    reserve 1 cpus, 2 GiB
    overcommit cpu 2.0, memory 1.0
    scheduler credit { timeslice 30 ms }
    costs modern
}
`);
        data.hardware.push({ name: hw, cpu: { sockets: 2, cores: 8, threads: 2, clockGHz: 3.2 }, memory: '128 GiB', extensions: ['vtx', 'ept'],
            devices: [{ name: 'com1', kind: 'serial' }, { name: 'disk0', kind: 'disk', latency: '80 us' }, { name: `nic${g}`, kind: 'nic' }] });
        data.hypervisors.push({ name: hv, type: type2 ? 'type2' : 'type1', on: hw, host: type2 ? { os: 'linux', reserve: ['1 cpus', '2 GiB'] } : undefined,
            virtualization: technique, reserve: ['1 cpus', '2 GiB'], overcommit: { cpu: 2, memory: 1 }, scheduler: { policy: 'credit', timeslice: '30 ms' }, costs: 'modern' });
        const os = technique === 'para' ? 'xenlinux' : 'linux';
        const programs = [`p_${g}_a`, `p_${g}_b`];
        for (let i = 0; i < 10 && vm < vmCount; i++, vm++) {
            const vcpus = overcommitted ? 8 : 1 + (vm % 4);
            const memory = overcommitted ? 16 : 2 + (vm % 3) * 2;
            const program = programs[i % 2];
            parts.push(`vm vm_${vm}: ${os} on ${hv} {
    vcpus ${vcpus}
    memory ${memory} GiB
    devices com1, disk0
    weight ${256 + (vm % 5) * 64}
    run ${program}
}
`);
            data.vms.push({ name: `vm_${vm}`, os, on: hv, vcpus, memory: `${memory} GiB`, devices: ['com1', 'disk0'], weight: 256 + (vm % 5) * 64, run: [program] });
        }
        for (const [k, program] of programs.entries()) {
            parts.push(`program ${program} {
        mov r1, ${3 + k}
loop:   syscall write(com1, r1)
        add r2, r1
        dec r1
        jnz loop
        syscall exit(0)
}
`);
            data.programs.push({ name: program, body: [['mov', 'r1', 3 + k], { label: 'loop' }, ['syscall', 'write', 'com1', 'r1'], ['add', 'r2', 'r1'], ['dec', 'r1'], ['jnz', 'loop'], ['syscall', 'exit', 0]] });
        }
    }
    return { text: parts.join('\n'), data };
}
