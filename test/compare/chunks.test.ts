// The chunked comparison (fast engine, step budgets, a hash after each sensitive instruction:
// simulator/compare/side.ts) finds what comparing the whole state after every guest instruction
// finds (`everyInstruction`, the reference): the same instruction, the same values, the same
// cycles — on a divergence past the first chunk, on differences a later instruction overwrites
// (a register, a stack word), on an interrupt-driven guest and on random kernels that keep
// their sensitive instructions.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/workspace.js';
import { compareVm, type CompareOptions } from '../../simulator/compare/index.js';
import { buildModel, type MachineModel } from '../../simulator/model.js';
import { prng, Rng } from '../helpers/prng.js';
import { randomBody } from '../fast/random-programs.js';

async function modelOf(text: string, file = '/virtual/chunks.vmdef'): Promise<MachineModel> {
    const ws = await checkWorkspace([{ path: file, text }]);
    return buildModel(ws.documents, ws.stdlib);
}

const BOX = `hardware box { cpu 1 cores memory 1 GiB device com1: serial device t0: timer }
hypervisor hv: type1 on box { virtualization full }
`;
const vm = (name: string, body: string) => `vm ${name} on hv { memory 1 MiB devices com1, t0 run p_${name} }\nprogram p_${name} {\n${body}\n}\n`;

/** Both ways, every technique: the runs must be the same. */
function expectSameRuns(model: MachineModel, name: string, options: CompareOptions = {}): void {
    const chunked = compareVm(model, name, options)!;
    const reference = compareVm(model, name, { ...options, everyInstruction: true })!;
    expect(chunked.runs, name).toEqual(reference.runs);
}

describe('compare by chunks finds what comparing every instruction finds', () => {
    it('hand-written guests: past the first chunk, overwritten differences, interrupts', async () => {
        const loop = (n: number, label: string) => `    mov r1, ${n}\n${label}: add r2, 3\n    dec r1\n    jnz ${label}`;
        const model = await modelOf(BOX + [
            // sgdt's value overwritten at once, 21,000 instructions in (the second chunk)
            vm('overwritten', `${loop(7000, 'a')}\n    sgdt r3\n    mov r3, 0\n${loop(100, 'b')}\n    out com1, r2\n    hlt`),
            // pushf after cli: the real IF in a stack word that is popped, cleared and pushed over
            vm('stack', `${loop(300, 'a')}\n    cli\n    pushf\n    pop r4\n    mov r4, 0\n    push r4\n    pop r4\n    sti\n${loop(100, 'b')}\n    out com1, r2\n    hlt`),
            // nothing sensitive diverges: the runs end together
            vm('faithful', `${loop(300, 'a')}\n    out com1, r2\n    hlt`),
        ].join(''));
        expectSameRuns(model, 'overwritten', { under: ['full', 'hardware'] });
        for (const name of ['stack', 'faithful']) expectSameRuns(model, name);
        const at = compareVm(model, 'overwritten', { under: ['full'] })!.runs[0].at;
        expect(at).toMatchObject({ instruction: 'sgdt r3', what: 'r3' });
        const stack = compareVm(model, 'stack', { under: ['full'] })!.runs[0].at;
        expect(stack).toMatchObject({ instruction: 'pushf', what: expect.stringMatching(/^\[0x/) });
        const interrupts = await modelOf(fs.readFileSync(path.resolve('examples/interrupts.vmdef'), 'utf8'), path.resolve('examples/interrupts.vmdef'));
        expectSameRuns(interrupts, 'v_bt');
    });

    it('random kernels with their sensitive instructions', async () => {
        const seeds = [8101, 8102, 8103, 8104, 8105, 8106];
        const body = (s: number) => randomBody(new Rng(prng(s)), { kernel: true, syscalls: [], hypercalls: [], memoryBytes: 1 << 20, params: [], handler: false, length: 40 });
        const model = await modelOf(BOX + seeds.map((s) => vm(`v${s}`, body(s))).join(''));
        let diverged = 0;
        for (const s of seeds) {
            expectSameRuns(model, `v${s}`, { maxInstructions: 3000 });
            diverged += compareVm(model, `v${s}`, { maxInstructions: 3000 })!.runs.filter((r) => r.diverged).length;
        }
        // not a property of programs that never diverge
        expect(diverged).toBeGreaterThan(0);
    });
});
