// Seeded random workspaces with exceptions and interrupts (docs/language.md, Exceptions and interrupts) for the differential
// tests: kernels without OS that install a `lidt` table and arm the timer at random delays, turn
// interrupts off and on with cli / sti / pushf / popf, wait in hlt and divide by registers that
// may be 0; and programs under an OS with `fault` / `interrupt` handlers (that fix, retry or
// abort) and syscalls that arm the timer, mask (`cli` / `sti`: under para the shared info page's
// event mask) and wait. Under full, binary, hardware (with and without APICv) and para; one or
// two VMs per host. Deterministic: the same seed, the same text.
import { prng, Rng } from '../helpers/prng.js';
import { randomBody } from './random-programs.js';

const TECHNIQUES = ['full', 'binary', 'hardware', 'para'] as const;

/** Lines of interrupt-heavy kernel code: arming, masking, waiting, dividing. */
function interruptLines(r: Rng, n: number, timer: string): string[] {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
        lines.push(r.pick([
            `out ${timer}, ${r.pick([1, 2, 5, 17, 100, 333, 1000, 2500, 9999])}`,
            'cli', 'sti', 'pushf', 'popf', 'hlt', 'nop',
            `div r${r.int(0, 4)}, r${r.int(0, 4)}`,
            `mod r${r.int(0, 4)}, ${r.pick([0, 3])}`,
            `mov r${r.int(0, 4)}, ${r.int(-3, 3)}`,
            `add r4, ${r.int(1, 9)}`,
        ]));
    }
    return lines;
}

function indent(lines: string[]): string {
    return lines.map((l) => (l.endsWith(':') ? l : `    ${l}`)).join('\n');
}

export function randomInterruptScenario(seed: number, tag: string): { text: string; maxCycles: number } {
    const r = new Rng(prng(seed));
    const technique = r.pick(TECHNIQUES);
    const apicv = technique === 'hardware' && r.chance(0.5) ? ', apicv' : '';
    const lines: string[] = [];
    lines.push(`hardware hw${tag} { cpu ${r.int(1, 2)} cores memory 1 GiB ${technique === 'hardware' ? `extensions vtx${apicv}` : ''} device com1: serial device t${tag}: timer }`);
    const preset = r.pick(['modern', 'p4_2006', 'modern { trap 77 exit 91 inject 5 exception 3 }']);
    lines.push(`hypervisor hv${tag}: ${r.chance(0.25) ? 'type2' : 'type1'} on hw${tag} { virtualization ${technique} ${''} overcommit cpu 8.0 costs ${preset} }`
        .replace(/type2 on (\S+) \{/, 'type2 on $1 { host linux { reserve 0 cpus, 0 KiB }'));
    const timer = `t${tag}`;
    const vms = r.int(1, 2);
    for (let i = 0; i < vms; i++) {
        const name = `k${tag}_${i}`;
        if (technique !== 'para' && r.chance(0.6)) {
            // a kernel without OS: its table, random code, a handler that counts and may turn interrupts on
            const body = randomBody(r, { kernel: true, syscalls: [], hypercalls: [], memoryBytes: 65536, params: [], handler: false, length: r.int(3, 12) })
                .replace(/\bcom2\b/g, 'com1').replace(/lidt r5/g, 'nop');
            const mixed = indent(interruptLines(r, r.int(4, 16), timer));
            const handler = indent(['inc r5', ...(r.chance(0.3) ? ['sti'] : []), ...(r.chance(0.2) ? [`out ${timer}, ${r.int(1, 500)}`] : []), r.chance(0.9) ? 'iret' : 'ret']);
            lines.push(`program ${name} {\n    lidt on_event\n    ${r.chance(0.7) ? 'sti' : 'nop'}\n${mixed}\n${body}\n${mixed}\n    out com1, r5\n    cli\n    hlt\non_event:\n${handler}\n}`);
            lines.push(`vm v${name} on hv${tag} { memory 64 KiB devices com1, ${timer} run ${name} }`);
        } else {
            // a program under an OS with handlers
            const os = `os${tag}_${i}`;
            const pv = technique === 'para';
            const arm = pv ? 'hypercall set_timer_op(delay)' : `out ${timer}, delay`;
            const wait = pv ? 'hypercall sched_op(1, 0)' : 'sti\n        hlt';
            const write = pv ? 'hypercall console_io(dev, value)' : 'out dev, value';
            const fix = r.pick(['abort "Floating point exception\\n"', 'ret', 'nop']);
            const tick = r.pick(['nop', 'load r1, [0x3000]\n        inc r1\n        store [0x3000], r1']);
            lines.push(`os ${os}${pv ? ' paravirtualized' : ''} {
    syscall arm(delay) {
        ${arm}
    }
    syscall wait() {
        ${wait}
    }
    syscall write(dev, value) {
        ${write}
    }
    syscall ticks() {
        load r0, [0x3000]
    }
    syscall mask(on) {
        cmp on, 0
        je open
        cli
        ret
open:   sti
    }
    fault divide_error() {
        ${fix}
    }
    fault general_protection() {
        abort "Segmentation fault\\n"
    }
    ${r.chance(0.85) ? `interrupt timer() {\n        ${tick}\n    }` : ''}
}`);
            const user: string[] = [];
            for (let k = r.int(3, 12); k > 0; k--) {
                user.push(r.pick([`syscall arm(${r.pick([1, 50, 700, 3000])})`, 'syscall wait()', 'syscall ticks()', 'syscall write(com1, r0)',
                    `div r2, r${r.int(0, 3)}`, `mov r${r.int(0, 3)}, ${r.int(-2, 5)}`, 'add r3, 7', ...(r.chance(0.1) ? ['cli'] : []),
                    // masking in the kernel: trapped, translated, exits-free, or (para) a store to the shared info page
                    ...(r.chance(0.3) ? ['syscall mask(1)', 'syscall mask(0)'] : [])]));
            }
            lines.push(`program ${name} {\n${indent(user)}\n}`);
            lines.push(`vm v${name}: ${os} on hv${tag} { memory 64 KiB devices com1, ${timer} run ${name} }`);
        }
    }
    return { text: lines.join('\n') + '\n', maxCycles: r.pick([5_000, 30_000, 120_000]) };
}
