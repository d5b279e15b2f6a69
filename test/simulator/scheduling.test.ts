// Scheduling of vCPUs on pCPUs (round robin, credit, pin), steal time under CPU overcommit,
// swapping under memory overcommit, and the cycle limit.
import { describe, expect, it } from 'vitest';
import { AstUtils } from 'langium';
import { isCostEntry } from '../../language/generated/ast.js';
import { checkWorkspace, diagnosticsOf } from '../../language/workspace.js';
import { Simulation } from '../../simulator/engine.js';
import type { SimulationResult } from '../../simulator/result.js';
import { costsOf, run, TEST_FILE, vm } from './helpers.js';

/** A host with `cores` pCPUs at 100 MHz (round robin quantum 10 ms = 10^6 cycles). */
function host(cores: number, hv = '', hw = 'memory 1 GiB'): string {
    return `hardware box { cpu ${cores} cores @ 100 MHz ${hw} device com1: serial }\nhypervisor hv: type1 on box { overcommit cpu 4.0, memory 16.0 ${hv} }\n`;
}

/** A guest kernel spinning `n` times round a two-instruction loop (2n + 2 cycles at 1 cycle each). */
function spinner(name: string, n: number): string {
    return `program ${name} {\n        mov r1, ${n}\nloop:   dec r1\n        jnz loop\n        hlt\n}\n`;
}

describe('CPU overcommit', () => {
    it('two single-vCPU VMs on one pCPU: the second waits exactly as long as the first runs', async () => {
        const text = `${host(1)}vm a on hv { run s }\nvm b on hv { run s }\n${spinner('s', 1000)}`;
        const { sim, result } = await run(text);
        const c = costsOf(sim, 'hv');
        const a = vm(result, 'a');
        const b = vm(result, 'b');
        expect(a.cycles.waiting).toBe(0);
        expect(a.cycles.kernel).toBe(2001 * c.instruction);
        expect(b.cycles.waiting).toBe(a.cycles.total);
        expect(result.cycles).toBe(a.cycles.total + b.cycles.total - b.cycles.waiting);
        expect(result.timeline.map((s) => `${s.vm}@${s.pcpu}`)).toEqual(['a@0', 'b@0']);
    });

    it('round robin: long guests alternate on the pCPU every quantum, each accruing steal time', async () => {
        // 1.5 million loop turns = 3,000,002 cycles each, quantum 10^6 cycles
        const text = `${host(1)}vm a on hv { run s }\nvm b on hv { run s }\n${spinner('s', 1_500_000)}`;
        const { result } = await run(text);
        const a = vm(result, 'a');
        const b = vm(result, 'b');
        const order = result.timeline.map((s) => s.vm);
        expect(order.slice(0, 6)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
        expect(result.timeline[0].end - result.timeline[0].start).toBe(1_000_000);
        expect(a.cycles.waiting).toBeGreaterThan(0);
        expect(b.cycles.waiting).toBeGreaterThan(a.cycles.waiting);
        // one pCPU, always busy: the run ends when both ran all their cycles
        const ran = (v: typeof a) => v.cycles.total - v.cycles.waiting;
        expect(result.cycles).toBe(ran(a) + ran(b));
        expect(a.cycles.waiting).toBe(result.timeline.filter((s) => s.vm === 'b' && s.end <= result.timeline.filter((x) => x.vm === 'a').at(-1)!.start).reduce((n, s) => n + s.end - s.start, 0));
    });

    it('credit: the heavier VM gets more of the pCPU and finishes first although listed second', async () => {
        const text = `${host(1, 'scheduler credit { timeslice 1 ms }')}vm light on hv { weight 256 run s }\nvm heavy on hv { weight 1024 run s }\n${spinner('s', 500_000)}`;
        const { result } = await run(text);
        const light = vm(result, 'light');
        const heavy = vm(result, 'heavy');
        expect(heavy.cycles.waiting).toBeLessThan(light.cycles.waiting);
        const lastSlice = result.timeline.at(-1)!;
        expect(lastSlice.vm).toBe('light');
    });

    it('enough pCPUs: nobody waits', async () => {
        const text = `${host(2)}vm a on hv { run s }\nvm b on hv { run s }\n${spinner('s', 1000)}`;
        const { result } = await run(text);
        expect(vm(result, 'a').cycles.waiting).toBe(0);
        expect(vm(result, 'b').cycles.waiting).toBe(0);
        expect(result.timeline.map((s) => s.pcpu)).toEqual([0, 1]);
    });

    it('pin: two VMs pinned to the same pCPU serialize although another pCPU is free', async () => {
        const text = `${host(2)}vm a on hv { pin 1 run s }\nvm b on hv { pin 1 run s }\n${spinner('s', 1000)}`;
        const { result } = await run(text);
        expect(result.timeline.map((s) => s.pcpu)).toEqual([1, 1]);
        expect(vm(result, 'b').cycles.waiting).toBe(vm(result, 'a').cycles.total);
    });

    it('a VM with two vCPUs runs a program on each', async () => {
        const text = `${host(2)}vm a on hv { vcpus 2 devices com1 run one run two on vcpu 1 }
program one { out com1, "one\\n" hlt }
program two { out com1, "two\\n" hlt }
`;
        const { result } = await run(text);
        const a = vm(result, 'a');
        expect(a.status).toBe('halted');
        expect(a.console.split('\n').sort()).toEqual(['', 'one', 'two']);
        expect(a.exits).toEqual({ io: 2, hlt: 2 });
    });
});

describe('memory overcommit', () => {
    it('pages touched past the host\'s usable memory are swapped, each costing swap', async () => {
        // 64 KiB of host memory = 16 pages; the guest stores to 20 distinct pages
        const text = `${host(1, '', 'memory 64 KiB')}vm a on hv { memory 1 MiB run touch }
program touch {
        mov r1, 0
        mov r2, 20
loop:   store [r1], r2
        add r1, 4096
        dec r2
        jnz loop
        hlt
}
`;
        const { sim, result } = await run(text);
        const c = costsOf(sim, 'hv');
        const a = vm(result, 'a');
        expect(a.memory.touchedPages).toBe(20);
        expect(a.memory.swappedPages).toBe(4);
        expect(a.cycles.hypervisor).toBe(4 * c.swap + c.trap + c.instruction);
    });
});

describe('limit', () => {
    it('a runaway guest stops with status limit at maxCycles', async () => {
        const text = `${host(1)}vm a on hv { run forever }\nprogram forever {\nloop: jmp loop\n}\n`;
        const { result } = await run(text, { maxCycles: 123_456 });
        const a = vm(result, 'a');
        expect(a.status).toBe('limit');
        expect(a.cycles.kernel).toBe(123_456);
        expect(result.cycles).toBe(123_456);
        expect(a.stop?.reason).toBe('cycle limit 123456 reached');
    });

    it('the default limit is 10^9 cycles', async () => {
        const { DEFAULT_MAX_CYCLES } = await import('../../simulator/engine.js');
        expect(DEFAULT_MAX_CYCLES).toBe(1e9);
    });
});

describe('bounded even with free instructions', () => {
    // `instruction 0` does not pass the checker (cost-out-of-range: test/language/validation-limits
    // .test.ts). The engine still clamps an instruction to 1 cycle for a model built by a program.
    const forever = `hardware b { cpu 1 cores memory 1 GiB }\nhypervisor hv: type1 on b { costs modern { instruction 1 } }\nvm a on hv { run forever }\nprogram forever {\nloop: jmp loop\n}\n`;

    /** At 1 cycle per instruction, a loop of `jmp` stopped at 10,000 cycles ran 10,000 instructions. */
    function expectStoppedAtLimit(sim: Simulation, result: SimulationResult): void {
        expect(costsOf(sim, 'hv').instruction).toBe(1);
        const a = vm(result, 'a');
        expect(a.status).toBe('limit');
        expect(a.instructions).toBe(10_000);
        expect(a.cycles.kernel).toBe(10_000);
        expect(result.cycles).toBe(10_000);
    }

    it('at the cheapest instruction a definition may declare (1 cycle), a runaway loop ends at the limit', async () => {
        const { sim, result } = await run(forever, { maxCycles: 10_000 });
        expectStoppedAtLimit(sim, result);
    });

    it('a program that sets the cost to 0 in the checked model gets 1 cycle: the same loop ends at the same limit', async () => {
        const workspace = await checkWorkspace([{ path: TEST_FILE, text: forever }]);
        expect(diagnosticsOf(workspace.documents[0]).filter((d) => d.severity === 1)).toEqual([]);
        const override = AstUtils.streamAst(workspace.documents[0].parseResult.value).filter(isCostEntry).find((e) => e.name === 'instruction');
        override!.value = 0;
        const sim = Simulation.create(workspace, { maxCycles: 10_000 });
        expectStoppedAtLimit(sim, sim.run());
    });
});

describe('bounded memory', () => {
    it('a guest touching pages without end stops with limit at the simulator\'s page bound', async () => {
        const { MAX_PAGES } = await import('../../simulator/machine.js');
        const text = `hardware b { cpu 1 cores memory 2 TiB }\nhypervisor hv: type1 on b\nvm a on hv { memory 1 TiB run hog }
program hog {
        mov r1, 0
loop:   store [r1], 1
        add r1, 4096
        jmp loop
}
`;
        const { result } = await run(text);
        const a = vm(result, 'a');
        expect(a.status).toBe('limit');
        expect(a.stop?.reason).toContain(`memory limit: ${MAX_PAGES} pages (${MAX_PAGES / 256} MiB)`);
        expect(a.memory.touchedPages).toBe(MAX_PAGES);
    });
});
