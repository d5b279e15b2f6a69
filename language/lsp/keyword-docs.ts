// One line per declaration keyword, behind hovers (instructions have their own texts in
// instruction-docs.ts). A keyword that means different things by where it stands has an entry
// `property.keyword` for the grammar property it is assigned to (`technique.hardware`:
// `virtualization hardware`), looked up before the plain one (`hardware`: the declaration).
// A Map: the keys are looked up with user text (`constructor` must find nothing).
const KEYWORDS = new Map<string, string>(Object.entries({
    hardware: 'declares a physical machine: its CPUs, memory, virtualization extensions and devices',
    cpu: 'the physical CPUs: `sockets x cores x threads` (each defaults to 1) `@` clock (default 1 GHz); pCPUs = their product',
    cores: 'cores per socket (a factor of the pCPU count)',
    sockets: 'CPU sockets (a factor of the pCPU count)',
    threads: 'hardware threads per core (a factor of the pCPU count)',
    memory: "memory size: the hardware's physical RAM, or a VM's guest RAM (a unit is required: B, KiB, MiB, GiB, TiB)",
    'resource.memory': 'the memory overcommit ratio: how many times the usable memory the VMs may ask for in total',
    'resource.cpu': 'the CPU overcommit ratio: vCPUs allowed per usable pCPU',
    extensions: 'hardware virtualization extensions: `vtx`/`svm` (needed by `virtualization hardware`), `ept`/`npt` (nested paging)',
    vtx: 'Intel VT-x: VMX root/non-root modes and VM exits',
    svm: 'AMD-V (SVM): the AMD counterpart of VT-x',
    ept: 'Intel Extended Page Tables: nested paging in hardware, no shadow page tables',
    npt: 'AMD Nested Page Tables: nested paging in hardware',
    device: 'a device of the hardware: `device NAME: serial | disk | nic | timer`',
    serial: 'a serial port: what a VM writes to it is that VM\'s console output',
    disk: 'a disk device (`latency` sets its access time)',
    nic: 'a network interface',
    timer: 'a timer device (its interrupts are not delivered in the simulation)',
    hypervisor: 'declares a hypervisor (VMM): `hypervisor NAME: type1 | type2 on HARDWARE`',
    type1: 'Type 1 (native, bare metal): runs on the hardware, no host OS; a guest fault stops that guest alone',
    type2: 'Type 2 (hosted): runs on a host OS (`host`); every hardware access goes through it, and a host fault stops every guest',
    host: "a Type 2 hypervisor's host OS, and what it keeps for itself (`host linux { reserve 1 cpus, 2 GiB }`)",
    virtualization: 'the technique: `full` (trap-and-emulate, default), `binary` (binary translation), `para` (paravirtualization), `hardware` (VT-x / AMD-V)',
    'technique.full': 'full virtualization by trap-and-emulate: privileged guest-kernel instructions trap; sensitive unprivileged ones do not (fidelity violations)',
    'technique.binary': 'full virtualization by binary translation: guest kernel code is rewritten so sensitive instructions call the hypervisor',
    'technique.para': 'paravirtualization: a `paravirtualized` guest OS calls the hypervisor with `hypercall`',
    'technique.hardware': 'hardware-assisted virtualization (VT-x / AMD-V): the guest runs in non-root mode and leaves it by VM exits; needs `extensions vtx` or `svm`',
    reserve: 'capacity kept back from the VMs (by the hypervisor or the host OS): `reserve 1 cpus, 2 GiB`',
    overcommit: 'how far the VMs may ask for more than the usable capacity: `overcommit cpu 4.0, memory 1.5` (default 1.0: none)',
    scheduler: 'how vCPUs share the pCPUs: `round_robin` (default, 10 ms quantum) or `credit` (weighted fair)',
    round_robin: 'round-robin scheduling: vCPUs take turns, 10 ms each',
    credit: "credit scheduling (as Xen's): the vCPU with the least run time per `weight` goes next",
    timeslice: 'how long a vCPU runs before the scheduler picks again (credit scheduler; default 30 ms)',
    costs: 'cycle costs of traps, exits, hypercalls…: a preset (`modern`, `p4_2006`) with optional overrides in `{ }`',
    fail: 'fault injection: `fail at T` crashes this VM at time T; `fail host at T` crashes the host OS and every guest on it',
    at: 'the simulated time of a fault injection',
    vm: 'declares a virtual machine: `vm NAME: OS on HYPERVISOR` (without an OS, its program is the guest kernel)',
    vcpus: 'the number of virtual CPUs of the VM (scheduled on the host\'s pCPUs)',
    vcpu: 'a virtual CPU of the VM, by index (`run p on vcpu 1`)',
    pin: "restricts the VM's vCPUs to these pCPUs (indices into the host's pCPUs)",
    devices: 'the emulated devices this VM may use (the hypervisor handles their I/O)',
    passthrough: 'a device given to this VM alone: its I/O goes to the hardware directly, never through the hypervisor',
    weight: 'the VM\'s share under the credit scheduler (default 256)',
    run: 'the program started on vCPU 0 (`run p on vcpu 1` for another vCPU)',
    program: 'a guest program: guest instructions, user code when the VM has an OS, else the guest kernel',
    os: 'a guest OS kernel: its system calls (and host drivers), written in guest instructions',
    paravirtualized: 'a kernel modified to call the hypervisor with `hypercall` instead of privileged instructions',
    syscall: 'a system call of the OS: `syscall NAME(params) { kernel code }`',
    monitor: 'hypervisor-side code for one technique: what runs on a trap, VM exit, hypercall or translated instruction',
    on: 'what a declaration runs on (`on HARDWARE`, `on HYPERVISOR`), or a handler: `on EVENT(params) { … }`',
    hw: 'a command of the unified hardware command set, issued by hypervisor handlers and host drivers',
    x: 'multiplies the CPU topology: `2 sockets x 8 cores x 2 threads`',
}));

/** The explanation of a keyword, by the grammar property it is assigned to when that matters. */
export function keywordHover(keyword: string, property?: string): string | undefined {
    const text = (property !== undefined ? KEYWORDS.get(`${property}.${keyword}`) : undefined) ?? KEYWORDS.get(keyword);
    return text ? `**${keyword}** — ${text}` : undefined;
}
