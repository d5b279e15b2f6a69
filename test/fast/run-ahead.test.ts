// Running ahead (engine.ts): after its chunk, a pCPU whose VM has one vCPU goes on into its next
// chunks while it runs only that VM's own code, and stops before anything others could see.
// Run to the end that way, every engine gives what lockstep gives (calls with a step budget do
// not run ahead): the same console lines in the same order, stops, timeline and result.
import { expect, it } from 'vitest';
import { Simulation } from '../../simulator/engine.js';
import { drive, workspaceOf } from './compare.js';

const text = `hardware box { cpu 3 cores @ 1 GHz memory 64 MiB device com1: serial }
hypervisor hv: type1 on box { virtualization full overcommit cpu 4.0 scheduler credit { timeslice 200 us } }
program spin {
        mov r2, 2000
loop:   add r1, r2
        cli
        xor r1, 0x55
        sti
        dec r2
        jnz loop
        out com1, r1
        mov r2, 2000
        add r3, 1
        cmp r3, 4
        jl loop
        hlt
}
program touch {
        mov r1, 0x1000
        mov r4, 300
loop:   store [r1], r4
        add r1, 0x1000
        and r1, 0x3fffff
        mov r5, 500
inner:  add r6, r5
        dec r5
        jnz inner
        dec r4
        jnz loop
        out com1, r6
        hlt
}
program shared {
        mov r1, 0x2000
loop:   load r2, [r1]
        inc r2
        store [r1], r2
        cmp r2, 30000
        jl loop
        out com1, r2
        hlt
}
vm a on hv { memory 4 MiB devices com1 run spin }
vm b on hv { memory 4 MiB devices com1 run spin }
vm c on hv { memory 4 MiB devices com1 run touch }
vm d on hv { memory 4 MiB devices com1 fail at 900 us run spin }
vm e on hv { vcpus 2 memory 1 MiB devices com1 run shared run shared on vcpu 1 }
`;

it.each([['exact'], ['fast']] as const)('runs ahead with the %s engine and gives the lockstep result, console order included', async (engine) => {
    const workspace = await workspaceOf([{ path: '/ahead/mix.vmdef', text }]);
    const sim = Simulation.create(workspace, { engine });
    const result = sim.run();
    expect(result.vms.map((vm) => vm.status)).toEqual(['halted', 'halted', 'halted', 'faulted', 'halted']);
    // much of the work ran ahead of the lockstep order: with the fast engine even across the
    // traps a chunk ends in (the interpreter leaves those to lockstep)
    // (of 765,000 steps; VM e has two vCPUs sharing memory and never runs ahead)
    expect(sim.aheadSteps).toBeGreaterThan(engine === 'fast' ? 150_000 : 20_000);
    const ahead = drive(workspace, engine);
    const inLockstep = drive(workspace, engine, { stepBudget: 50_000, everyCall: false });
    expect(ahead.console.length).toBeGreaterThan(15);
    expect(ahead).toEqual(inLockstep);
    // stepping one instruction at a time (the debugger's order) ends the same way
    const stepped = Simulation.create(workspace, { engine });
    for (let i = 0; i < 20_000_000 && !stepped.finished; i++) stepped.stepInstruction();
    expect(stepped.result()).toEqual(result);
});
