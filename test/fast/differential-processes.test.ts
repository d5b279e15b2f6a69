// Processes (docs/language.md, Processes) give the same run on both engines: the context switch
// happens where the OS's tick handler returns, which both engines reach at the same instruction;
// compared run to the end (every figure and the whole state, the waiting processes' frames
// included) and in lockstep with small step budgets, under every technique and natively (under
// `para`, xenlinux: the switch is a `hypercall mmuext_op`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { both, errorsOf, lockstep, workspaceOf } from './compare.js';

/** Three processes: one exits by syscall, one runs off its end, all use their own stack and page. */
function scenario(technique: string): string {
    const hv = technique === 'native' ? '' : `hypervisor hv: type1 on box { virtualization ${technique} }\n`;
    const on = technique === 'native' ? 'box' : 'hv';
    return `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB extensions vtx device com1: serial }
${hv}vm os: ${technique === 'para' ? 'xenlinux' : 'linux'} on ${on} { memory 16 MiB ${technique === 'native' ? '' : 'devices com1'} run a run b run c }
program a {
        push 7
        store [0x400000], 1
        mov r2, 15000
spin:   dec r2
        jnz spin
        pop r1
        load r3, [0x400000]
        add r1, r3
        syscall write(com1, r1)
        syscall exit(0)
}
program b {
        push 20
        mov r2, 6000
spin:   dec r2
        jnz spin
        pop r1
        syscall write(com1, r1)
}
program c {
        mov r1, 3
next:   store [0x400000], r1
        mov r2, 9000
spin:   dec r2
        jnz spin
        load r3, [0x400000]
        syscall write(com1, r3)
        dec r1
        jnz next
}
`;
}

describe('processes: fast engine = exact interpreter', () => {
    it.each(['hardware', 'full', 'binary', 'para', 'native'])('three processes under %s, to the end and stepped', async (technique) => {
        const workspace = await workspaceOf([{ path: `/processes/${technique}.vmdef`, text: scenario(technique) }]);
        expect(errorsOf(workspace)).toEqual([]);
        const { exact, fast } = both(workspace);
        expect(exact.error).toBeUndefined();
        expect(fast).toEqual(exact);
        const vm = (exact.result as { vms: { console: string; processes: { switches: number } }[] }).vms[0];
        expect(vm.console.split('\n').sort()).toEqual(['', '1', '2', '20', '3', '8']);
        expect(vm.processes.switches).toBeGreaterThan(3);
        // stepped: a chunk may end anywhere, the tick's handler and its return included
        if (technique === 'hardware' || technique === 'binary' || technique === 'para') expect(lockstep(workspace, { stepBudget: 53 })).toBeUndefined();
    }, 60_000);

    it('examples/processes.vmdef agrees, stepped', async () => {
        const file = path.resolve(__dirname, '../../examples/processes.vmdef');
        const workspace = await workspaceOf([{ path: file, text: fs.readFileSync(file, 'utf8') }]);
        expect(lockstep(workspace, { stepBudget: 101 })).toBeUndefined();
    }, 60_000);
});
