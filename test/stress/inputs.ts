// The stress generator: inputs built to break a parser, a validator, a simulator, a language
// server or a debugger — long runs of comments, deep nesting of everything that nests, huge and
// prototype-named identifiers, absurd quantities, recursion through every layer, output floods.
// Each is run through every front end by the tests beside this file, which assert a clean
// outcome (a located diagnostic or a result, never a crash, a hang or unbounded memory).

import { MAX_SOURCE_CHARS } from '../../language/limits.js';

/** `errors`: `check` must report at least one error (these codes among them, if given). */
export interface StressInput {
    name: string;
    text: string;
    errors?: string[] | true;
    /** The status every VM must end with in `run --json` (both engines). */
    status?: string;
    /** Text that must never appear in any output (e.g. JavaScript's own function source). */
    never?: RegExp[];
}

const HOST = `hardware box { cpu 4 cores @ 2 GHz memory 8 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full }`;

/** A VM on the standard host running `program`, with the program's body. */
function guest(body: string, os = 'linux', vm = 'web'): string {
    return `${HOST}\nvm ${vm}: ${os} on hv { vcpus 1 memory 1 GiB devices com1 run main }\nprogram main {\n${body}\n}\n`;
}

const hello = guest('        mov r1, 3\nloop:   syscall write(com1, r1)\n        dec r1\n        jnz loop\n        syscall exit(0)');

function repeat(line: string, n: number): string {
    return Array.from({ length: n }, () => line).join('\n');
}

function nested(open: string, inner: string, close: string, depth: number): string {
    return open.repeat(depth) + inner + close.repeat(depth);
}

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

/** Every name position filled with one of JavaScript's own property names (a valid definition). */
function prototypeNamed(name: string): string {
    return `hardware ${name} { cpu 2 cores memory 4 GiB device ${name}_dev: serial }
hypervisor ${name}_hv: type1 on ${name} { virtualization para }
os ${name}_os paravirtualized {
    syscall ${name}(dev, value) { hypercall ${name}(dev, value) }
    syscall exit(code) { hypercall sched_op(2, code) }
}
monitor para {
    on ${name}(dev, value) { hw io_write(dev, value) }
    on sched_op(cmd, arg) { hw shutdown(arg) }
}
vm ${name}_vm: ${name}_os on ${name}_hv { vcpus 1 memory 1 GiB devices ${name}_dev run ${name}_p }
program ${name}_p {
${name}:  syscall ${name}(${name}_dev, 1)
        syscall exit(0)
}
`;
}

export function stressInputs(): StressInput[] {
    const inputs: StressInput[] = [
        { name: 'comments-100k', text: hello + repeat('//', 100_000) },
        { name: 'block-comment-2MB', text: `${hello}/*${'x'.repeat(2_000_000)}*/\n` },
        { name: 'unterminated-block-comment', text: `${hello}/*${'y\n'.repeat(50_000)}`, errors: true },
        { name: 'deep-brackets', text: guest(`        load r1, ${nested('[', 'r2', ']', 400)}\n        syscall exit(0)`), errors: true },
        { name: 'deep-braces', text: `hardware h ${nested('{ ', '', ' }', 3000)}\n`, errors: true },
        { name: 'deep-parens', text: guest(`        syscall write(${nested('(', 'com1', ')', 2000)}, 1)`), errors: true },
        { name: 'huge-identifier', text: guest('        syscall exit(0)', 'linux', `v${'m'.repeat(1_000_000)}`) },
        { name: 'emoji-outside-comment', text: `${hello}\n🚀 vm\n`, errors: true },
        { name: 'single-line-3MB', text: Array.from({ length: 30_000 }, (_, i) => `hardware h${i} { cpu 1 cores memory 1 GiB }`).join(' ') },
        // past the source limit: not parsed (≈ 3 GB to check at 15 MB), one located error
        { name: 'single-line-over-limit', text: Array.from({ length: Math.ceil(MAX_SOURCE_CHARS / 44) + 1 }, (_, i) => `hardware h${i} { cpu 1 cores memory 1 GiB }`).join(' '), errors: ['file-too-large'] },
        ...PROTO_NAMES.map((n) => ({
            name: `prototype-${n}`,
            text: prototypeNamed(n),
            status: 'halted',
            never: [/\[native code\]/, /NaN/, /function Object/],
        })),
        { name: 'prototype-units', text: `hardware h { cpu 1 cores @ 2 __proto__ memory 1 constructor }`, errors: true, never: [/NaN/, /memory unit.*__proto__/] },
        { name: 'hw-constructor', text: `monitor full { on io_out(dev, value) { hw constructor() } }\n${hello}`, errors: true },
        { name: 'absurd-cores', text: hello.replace('cpu 4 cores', 'cpu 1000000000 cores'), errors: true },
        { name: 'absurd-vcpus', text: hello.replace('vcpus 1', 'vcpus 1000000000'), errors: true },
        { name: 'absurd-memory', text: hello.replace('memory 8 GiB', 'memory 99999999 TiB').replace('memory 1 GiB', 'memory 99999999 TiB'), errors: true },
        { name: 'zero-clock', text: hello.replace('@ 2 GHz', '@ 0 GHz'), errors: true },
        { name: 'timeslice-1ns', text: hello.replace('virtualization full', 'virtualization full scheduler credit { timeslice 1 ns }'), errors: true },
        { name: 'huge-immediate', text: guest('        mov r1, 99999999999999999999\n        syscall write(com1, r1)\n        syscall exit(0)'), errors: true },
        { name: 'huge-cost', text: hello.replace('virtualization full', 'virtualization full costs modern { trap 1e23 }'), errors: true },
        {
            name: 'recursive-syscall',
            text: `${guest('        syscall write(com1, 1)\n        syscall exit(0)', 'rec')}
os rec { syscall write(dev, value) { syscall write(dev, value) } syscall exit(code) { hlt } }\n`,
            status: 'faulted', // a kernel stack overflow, as a real CPU's double fault: not a run into the cycle limit
        },
        {
            name: 'recursive-pv-syscall',
            text: `${HOST.replace('virtualization full', 'virtualization para')}
vm web: recpv on hv { vcpus 1 memory 1 GiB devices com1 run main }
program main { syscall write(com1, 1) syscall exit(0) }
os recpv paravirtualized {
    syscall write(dev, value) { hypercall console_io(dev, value) syscall write(dev, value) }
    syscall exit(code) { hypercall sched_op(2, code) }
}\n`,
            status: 'faulted',
        },
        { name: 'flood-64KiB-strings', text: guest(`loop:   syscall write(com1, "${'z'.repeat(65_536)}")\n        jmp loop`) },
        { name: 'flood-zero-cost', text: guest('loop:   out com1, r1\n        jmp loop', 'linux').replace('run main', 'run main').replace(/vm web: linux on hv/, 'vm web on hv').replace('virtualization full', 'virtualization full costs modern { trap 0 emulate 0 io 0 }') },
        { name: 'free-instructions', text: hello.replace('virtualization full', 'virtualization full costs modern { instruction 0 trap 0 emulate 0 io 0 }'), errors: ['cost-out-of-range'] },
        {
            name: 'error-behind-130k-warnings',
            text: hello.replace('vcpus 1', 'vcpus 64') + `program noisy {\n${Array.from({ length: 130_000 }, (_, i) => `    lcr3 ${i}`).join('\n')}\n}\nvm noisy_vm: linux on hv { vcpus 1 memory 1 GiB run noisy }\n`,
            errors: ['vcpus-exceed-host'],
        },
    ];
    return inputs;
}
