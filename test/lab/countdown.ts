// hello-type1's countdown on a machine of its own, under `technique`, with these `expect` lines
// (indented in the VM's block): the guest the expectation tests share.
export function countdown(technique: string, expects: string): string {
    return `hardware box { cpu 4 cores @ 2 GHz memory 8 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization ${technique} }
vm web: linux on hv {
    devices com1
    run countdown
${expects}
}
program countdown {
        mov r1, 3
loop:   syscall write(com1, r1)
        dec r1
        jnz loop
        syscall exit(0)
}
`;
}
