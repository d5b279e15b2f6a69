// Seeded random scheduling scenarios: a host of 1–4 pCPUs (some reserved), round robin or
// credit with short slices, VMs of 1–3 vCPUs (some idle), pinned or not, weighted or not,
// running spin loops of random lengths with yields between them (paravirtualized guests:
// `sched_yield` under xenlinux, `hypercall sched_op(0, 0)` without an OS), halting at
// different times (`hlt`, or the program's end). No program exits or faults: every vCPU
// runs until it is done, so the timeline tells when it was runnable. Deterministic per seed.
import { prng, Rng } from '../helpers/prng.js';
import type { HostShape } from './work-conserving.js';

export interface SchedulingScenario {
    text: string;
    host: HostShape;
    /** vCPUs with a program (the others are done at boot). */
    runnable: number;
}

type Guest = 'xenlinux' | 'para-kernel' | 'kernel';

/** One scenario; `tag` keeps its names apart from the other scenarios of the same workspace. */
export function schedulingScenario(seed: number, tag: string): SchedulingScenario {
    const r = new Rng(prng(seed));
    const pcpus = r.int(1, 4);
    const reserved = pcpus > 1 && r.chance(0.25) ? 1 : 0;
    const usable = pcpus - reserved;
    const technique = r.chance(0.7) ? 'para' : r.pick(['full', 'hardware']);
    const policy = r.chance(0.5) ? 'credit' : 'round_robin';
    const name = `hv${tag}`;
    const lines = [
        `hardware hw${tag} { cpu ${pcpus} cores @ 1 GHz memory 4 GiB ${technique === 'hardware' ? 'extensions vtx' : ''} device com1: serial }`,
        `hypervisor ${name}: type1 on hw${tag} { virtualization ${technique} ${reserved ? 'reserve 1 cpus, 0 GiB' : ''} ` +
            `overcommit cpu 8.0 scheduler ${policy} { timeslice ${r.int(2, 30)} us } }`,
    ];
    const pins = new Map<string, number[] | undefined>();
    let vcpuBudget = usable * 8;
    let runnable = 0;
    const vms = r.int(1, 4);
    for (let m = 0; m < vms && vcpuBudget > 0; m++) {
        const vm = `vm${tag}x${m}`;
        const vcpus = Math.min(vcpuBudget, usable, r.int(1, 3)); // a VM cannot boot on fewer pCPUs than vCPUs
        vcpuBudget -= vcpus;
        const guest: Guest = technique === 'para' ? r.pick(['xenlinux', 'para-kernel'] as const) : 'kernel';
        const pin = r.chance(0.3) ? pinSet(r, usable) : undefined;
        pins.set(vm, pin);
        const runs: string[] = [];
        for (let i = 0; i < vcpus; i++) {
            if (i > 0 && r.chance(0.15)) continue; // an idle vCPU: no program
            const program = `p${tag}x${m}x${i}`;
            lines.push(programText(r, program, guest));
            runs.push(i === 0 ? `run ${program}` : `run ${program} on vcpu ${i}`);
            runnable++;
        }
        lines.push(`vm ${vm}${guest === 'xenlinux' ? ': xenlinux' : ''} on ${name} { vcpus ${vcpus} memory 16 MiB devices com1 ` +
            `${pin ? `pin ${pin.join(', ')}` : ''} ${r.chance(0.4) ? `weight ${r.pick([64, 128, 256, 512, 1024])}` : ''} ${runs.join(' ')} }`);
    }
    return { text: lines.join('\n') + '\n', host: { name, usablePcpus: usable, pins }, runnable };
}

/** A non-empty set of usable pCPUs, ascending. */
function pinSet(r: Rng, usable: number): number[] {
    const set = Array.from({ length: usable }, (_, i) => i).filter(() => r.chance(0.5));
    return set.length > 0 ? set : [r.int(0, usable - 1)];
}

/** 1–5 spin loops, a yield after most of them (paravirtualized guests), sometimes a `hlt` at the end. */
function programText(r: Rng, name: string, guest: Guest): string {
    const body: string[] = [];
    const loops = r.int(1, 5);
    for (let k = 0; k < loops; k++) {
        body.push(`        mov r1, ${r.int(50, 6000)}`, `spin${k}:  dec r1`, `        jnz spin${k}`);
        if (!r.chance(0.7)) continue;
        if (guest === 'xenlinux') body.push('        syscall sched_yield()');
        else if (guest === 'para-kernel') body.push('        hypercall sched_op(0, 0)');
    }
    if (guest === 'kernel' && r.chance(0.4)) body.push('        hlt'); // a paravirtualized kernel may not
    return `program ${name} {\n${body.join('\n')}\n}`;
}
