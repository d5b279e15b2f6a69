// The properties of `vmdef compare` (issue 15): seeded random kernels without sensitive
// instructions never diverge from native under any technique; every sensitive-unprivileged
// instruction (language/isa.ts SENSITIVE_UNPRIVILEGED, what machine/sensitive.ts runs without a
// trap) in kernel code under `full` diverges exactly where it runs, and binary translation and
// hardware assist do not. Bounded: a few thousand guest instructions per run.
import { describe, expect, it } from 'vitest';
import { PRIVILEGED, REVEALING, SENSITIVE_UNPRIVILEGED } from '../../language/isa.js';
import { checkWorkspace } from '../../language/workspace.js';
import { compareVm } from '../../simulator/compare/index.js';
import { buildModel, type MachineModel } from '../../simulator/model.js';
import { prng, Rng } from '../helpers/prng.js';
import { randomBody } from '../fast/random-programs.js';

const SENSITIVE = new Set([...PRIVILEGED, ...SENSITIVE_UNPRIVILEGED, ...REVEALING]);
const BOX = `hardware box { cpu 1 cores memory 1 GiB device com1: serial device com2: serial }
hypervisor hv: type1 on box { virtualization full }
`;

async function modelOf(text: string): Promise<MachineModel> {
    const ws = await checkWorkspace([{ path: '/virtual/properties.vmdef', text }]);
    return buildModel(ws.documents, ws.stdlib);
}

/** A random kernel body with every privileged, sensitive and revealing instruction replaced by `nop`. */
function insensitiveBody(seed: number): string {
    const body = randomBody(new Rng(prng(seed)), { kernel: true, syscalls: [], hypercalls: [], memoryBytes: 1 << 20, params: [], handler: false, length: 40 });
    return body.split('\n').map((line) => (SENSITIVE.has(line.trim().split(/\s/)[0]) ? '    nop' : line)).join('\n');
}

describe('compare properties', () => {
    it('random kernels without sensitive instructions never diverge under any technique', async () => {
        const seeds = Array.from({ length: 12 }, (_, i) => 7000 + i);
        const text = BOX + seeds.map((s) => `vm v${s} on hv { memory 1 MiB devices com1 run p${s} }\nprogram p${s} {\n${insensitiveBody(s)}\n}\n`).join('\n');
        const model = await modelOf(text);
        let compared = 0;
        for (const s of seeds) {
            const report = compareVm(model, `v${s}`, { maxInstructions: 2000 })!;
            compared += report.native.instructions;
            const diverged = report.runs.filter((r) => r.diverged).map((r) => ({ technique: r.technique, at: r.at }));
            expect(diverged, `seed ${s}:\n${insensitiveBody(s)}`).toEqual([]);
        }
        // the programs do run (loops, calls, memory): not a property of empty programs
        expect(compared).toBeGreaterThan(12 * 20);
    });

    it('every sensitive-unprivileged instruction in kernel code under full diverges where it runs', async () => {
        // what makes each visible: pushf after cli (the real IF is 1), popf of a word with IF set after cli
        const setup: Record<string, string[]> = { pushf: ['cli'], popf: ['cli', 'push 0x200'], sgdt: [], sidt: [], smsw: [] };
        const operand: Record<string, string> = { pushf: '', popf: '', sgdt: ' r1', sidt: ' r2', smsw: ' r3' };
        expect(Object.keys(setup).sort()).toEqual([...SENSITIVE_UNPRIVILEGED].sort());
        const r = new Rng(prng(42));
        const programs = [...SENSITIVE_UNPRIVILEGED].map((op) => {
            // a random straight-line prefix that cannot fault, so the instruction is reached
            const prefix = Array.from({ length: r.int(0, 12) }, () => `    ${r.pick(['add', 'sub', 'xor', 'or', 'mov'])} r${r.int(1, 6)}, ${r.int(-50, 50)}`);
            const lines = [...prefix, ...setup[op].map((l) => `    ${l}`), `    ${op}${operand[op]}`, '    out com1, r1', '    hlt'];
            return { op, lines };
        });
        let text = BOX;
        const lineOf: Record<string, number> = {};
        for (const { op, lines } of programs) {
            const start = text.split('\n').length;
            text += `vm v_${op} on hv { memory 1 MiB devices com1 run p_${op} }\nprogram p_${op} {\n${lines.join('\n')}\n}\n`;
            lineOf[op] = start + 2 + lines.findIndex((l) => l.trim().startsWith(op));
        }
        const model = await modelOf(text);
        for (const { op } of programs) {
            const report = compareVm(model, `v_${op}`, { under: ['full', 'binary', 'hardware'] })!;
            const [full, binary, hardware] = report.runs;
            expect(full.at, op).toMatchObject({ line: lineOf[op], instruction: `${op}${operand[op]}` });
            expect([binary.at, hardware.at], op).toEqual([null, null]);
        }
    });
});
