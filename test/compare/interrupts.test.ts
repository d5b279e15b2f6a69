// Interrupts as an input of `vmdef compare` (simulator/compare/interrupt-input.ts): the
// virtualized guest takes each interrupt at the guest instruction where the native one did, so
// a tick that lands later in time is not a divergence; one the technique keeps out (the popf
// hole under `full`) is, reported as the interrupt, native's instruction and late or never.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/workspace.js';
import { compareVm, type CompareReport } from '../../simulator/compare/index.js';
import { buildModel, type MachineModel } from '../../simulator/model.js';

async function modelOf(file: string, text = fs.readFileSync(file, 'utf8')): Promise<MachineModel> {
    const ws = await checkWorkspace([{ path: file, text }]);
    return buildModel(ws.documents, ws.stdlib);
}

function summary(report: CompareReport): Record<string, string | null> {
    return Object.fromEntries(report.runs.map((r) => [r.technique, r.at && `${r.at.line} ${r.at.instruction}: ${r.at.what} ${r.at.native} / ${r.at.virtual}`]));
}

describe('compare: interrupts are an input', () => {
    it('examples/interrupts.vmdef: the tick lands at native\'s instruction under binary and hardware; under full the popf hole keeps it out for good', async () => {
        const model = await modelOf(path.resolve('examples/interrupts.vmdef'));
        const report = compareVm(model, 'v_full')!;
        expect(report.native).toMatchObject({ status: 'halted', instructions: 6043 });
        expect(summary(report)).toEqual({
            full: '72 popf: interrupt timer instruction 2010 / never',
            binary: null,
            // a kernel without OS on a para hypervisor is deprivileged as under full: the same hole
            para: '72 popf: interrupt timer instruction 2010 / never',
            hardware: null,
        });
        // each VM under its own technique
        expect(summary(compareVm(model, 'v_bt', { under: ['binary'] })!)).toEqual({ binary: null });
        expect(summary(compareVm(model, 'v_hw', { under: ['hardware'] })!)).toEqual({ hardware: null });
    });

    it('the tutorial\'s chapter 7 clock: natively the tick comes before the critical section (at the same instruction virtualized); under full the hole shows at popf', async () => {
        const file = path.resolve('examples/tutorial/07-interrupts.vmdef');
        const report = compareVm(await modelOf(file), 'clock_full', { under: ['full', 'binary'] })!;
        expect(summary(report)).toEqual({ full: '49 popf: if 1 / 0', binary: null });
    });

    it('a missed interrupt that comes in at a later sti is late, at that instruction', async () => {
        const text = `hardware box { cpu 1 cores memory 1 GiB device com1: serial device t0: timer }
hypervisor hv: type1 on box { virtualization full }
vm k on hv { memory 16 MiB devices com1, t0 run p }
program p {
        lidt tick
        sti
        out t0, 2000
        pushf
        cli
        mov r1, 1000
work:   dec r1
        jnz work
        popf
        mov r1, 20
more:   dec r1
        jnz more
        sti
        out com1, r5
        hlt
tick:   add r5, 1
        iret
}
`;
        const report = compareVm(await modelOf('/virtual/late.vmdef', text), 'k', { under: ['full', 'hardware'] })!;
        // native: lidt, sti, out, pushf, cli, mov, 1000 × (dec, jnz), popf = instruction 2007; the sti is 2007 + 1 + 40 + 1
        expect(summary(report)).toEqual({ full: '13 popf: interrupt timer instruction 2007 / instruction 2049', hardware: null });
    });
});
