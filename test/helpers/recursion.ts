// Definitions that recurse across layers (issue 10 item 6), shared by the simulator's and the
// debugger's tests of the layer limit.

/**
 * A VM `a` on a one-core box under `technique`, whose OS `rec` has a `write` syscall running
 * `body` (which calls itself), and a program that writes once. `body` starts on line 5.
 */
export function recursiveSyscall(technique: string, body: string, paravirtualized = false): string {
    return `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization ${technique} }
os rec${paravirtualized ? ' paravirtualized' : ''} {
    syscall write(dev, value) {
${body}
    }
}
vm a: rec on hv { memory 16 MiB devices com1 run p }
program p {
    syscall write(com1, 1)
}
`;
}

/** The plainest recursion: a syscall whose body is the same syscall. */
export const SELF_RECURSIVE_SYSCALL = recursiveSyscall('full', '        syscall write(dev, value)');
