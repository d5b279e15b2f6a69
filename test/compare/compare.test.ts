// `compareVm` (simulator/compare/): the Popek–Goldberg divergence of `full` on the classic
// example, techniques that stay faithful, timing that is not a divergence unless asked, and the
// JSON shape of LANGUAGE.md §13.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWorkspace } from '../../language/workspace.js';
import { compareVm } from '../../simulator/compare/index.js';
import { buildModel, type MachineModel } from '../../simulator/model.js';

async function modelOf(text: string, file = '/virtual/compare.vmdef'): Promise<MachineModel> {
    const ws = await checkWorkspace([{ path: file, text }]);
    return buildModel(ws.documents, ws.stdlib);
}

const KERNEL = (technique: string, body: string) => `
hardware box { cpu 1 cores memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization ${technique} }
vm guest on hv { memory 64 MiB devices com1 run k }
program k {
${body}
}
`;

describe('compareVm', () => {
    it('finds the classic divergence: pushf after cli under full pushes the real IF (0x200) where native pushes 0', async () => {
        const file = path.resolve('examples/popek-goldberg.vmdef');
        const model = await modelOf(fs.readFileSync(file, 'utf8'), file);
        const report = compareVm(model, 'broken')!;
        expect(report.vm).toBe('broken');
        expect(report.native).toEqual({ hardware: 'pc', cycles: expect.any(Number), status: 'halted', instructions: 6 });
        const byTechnique = Object.fromEntries(report.runs.map((r) => [r.technique, r]));
        expect(Object.keys(byTechnique)).toEqual(['full', 'binary', 'para', 'hardware']);
        expect(byTechnique.full.at).toEqual({ file, line: 41, instruction: 'pushf', what: '[0xffffc]', native: 2, virtual: 514 });
        expect(byTechnique.binary).toMatchObject({ diverged: false, at: null });
        expect(byTechnique.hardware).toMatchObject({ diverged: false, at: null });
        // binary translation costs more than native at the same guest instruction
        expect(byTechnique.binary.cycles).toBeGreaterThan(report.native.cycles);
        expect(byTechnique.binary.overhead).toBeCloseTo((byTechnique.binary.cycles / report.native.cycles - 1) * 100, 0);
    });

    it('popf under full silently keeps the interrupt flag: the divergence is `if` at the popf', async () => {
        const model = await modelOf(KERNEL('full', '    cli\n    push 0x200\n    popf\n    out com1, "x"\n    hlt'));
        const report = compareVm(model, 'guest', { under: ['full', 'binary', 'hardware'] })!;
        expect(report.runs.map((r) => [r.technique, r.at && `${r.at.line} ${r.at.instruction} ${r.at.what} ${r.at.native}/${r.at.virtual}`]))
            .toEqual([['full', '8 popf if 1/0'], ['binary', null], ['hardware', null]]);
    });

    it('rdtsc is timing: no divergence, unless strictTiming', async () => {
        const model = await modelOf(KERNEL('full', '    mov r1, 7\n    rdtsc r2\n    add r1, r2\n    out com1, r1\n    hlt'));
        expect(compareVm(model, 'guest', { under: ['hardware'] })!.runs[0].diverged).toBe(false);
        const strict = compareVm(model, 'guest', { under: ['hardware'], strictTiming: true })!.runs[0];
        expect(strict.at).toMatchObject({ line: 7, instruction: 'rdtsc r2', what: 'r2' });
        expect(strict.at!.native).not.toBe(strict.at!.virtual);
    });

    it('a divergence in a loop is found at the exact iteration (chunks replayed instruction by instruction)', async () => {
        // 10,000 loop iterations, then an sgdt: the first divergence is after ~30,000 instructions, past the first chunk
        const model = await modelOf(KERNEL('full', '    mov r1, 10000\nloop: add r2, 3\n    dec r1\n    jnz loop\n    sgdt r3\n    out com1, r3\n    hlt'));
        const report = compareVm(model, 'guest', { under: ['full', 'binary'] })!;
        expect(report.runs[0].at).toMatchObject({ line: 10, instruction: 'sgdt r3', what: 'r3' });
        expect(report.runs[1].diverged).toBe(false);
        expect(report.native.instructions).toBe(1 + 3 * 10000 + 3);
    });

    it('maxInstructions bounds the comparison; an unknown VM gives undefined', async () => {
        const model = await modelOf(KERNEL('full', 'loop: inc r1\n    jmp loop'));
        const report = compareVm(model, 'guest', { under: ['full'], maxInstructions: 5000 })!;
        expect(report.native).toMatchObject({ status: 'running', instructions: 5000 });
        expect(report.runs[0].diverged).toBe(false);
        expect(compareVm(model, 'nobody')).toBeUndefined();
    });
});
