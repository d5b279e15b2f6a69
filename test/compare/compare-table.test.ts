// The editor's side-by-side view of Compare with Native (extension/compare-table.ts) over
// `compareVm(…, { states: true })` (what `vmdef compare --json --states` prints): both guest
// states at the divergence in two columns, the differing rows marked, faithful techniques in a
// line; and the states are left out unless asked (the §13 JSON stays as it was).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTable } from '../../extension/compare-table.js';
import { checkWorkspace } from '../../language/workspace.js';
import { compareVm } from '../../simulator/compare/index.js';
import { buildModel } from '../../simulator/model.js';

const file = path.resolve('examples/popek-goldberg.vmdef');
const english = (message: string, ...args: (string | number)[]) => message.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));

/** One model for the file (checking it is the slow part). */
let model: ReturnType<typeof buildModel> | undefined;
async function compareBroken(states: boolean) {
    if (!model) {
        const ws = await checkWorkspace([{ path: file, text: fs.readFileSync(file, 'utf8') }]);
        model = buildModel(ws.documents, ws.stdlib);
    }
    return compareVm(model, 'broken', { under: ['full', 'binary'], states })!;
}

describe('Compare with Native: the side-by-side view', () => {
    it('shows both states after the pushf under full, the pushed flag word marked, binary faithful', async () => {
        const report = await compareBroken(true);
        const full = report.runs[0].at!;
        expect(full.states!.native.values).toMatchObject({ if: 0, sp: 1048572 });
        expect(full.states!.virtual.status).toBe('running');
        const lines = compareTable(report, (f, line) => `${path.basename(f)}:${line}`, english).split('\n');
        expect(lines.slice(0, 4)).toEqual([
            'vmdef compare: VM broken',
            'natively on pc: halted after 6 guest instruction(s), 1006 cycles',
            '',
            'full: diverges from native after `pushf` at popek-goldberg.vmdef:41',
        ]);
        expect(lines[4]).toMatch(/^ {2}\s+native\s+virtualized \(full\)$/);
        expect(lines.filter((l) => l.startsWith('≠'))).toEqual([expect.stringMatching(/^≠ \[0xffffc\]\s+2\s+514 \(0x202\)$/)]);
        expect(lines).toContainEqual(expect.stringMatching(/^ {2}sp\s+1048572 \(0xffffc\)\s+1048572 \(0xffffc\)$/));
        expect(lines).toContainEqual(expect.stringMatching(/^ {2}console\s+""\s+""$/));
        expect(lines.at(-2)).toMatch(/^binary: no divergence from native \(\d+ cycles, [\d.]+% over native\)$/);
    });

    it('leaves the states out unless asked', async () => {
        const report = await compareBroken(false);
        expect(Object.keys(report.runs[0].at!)).toEqual(['file', 'line', 'instruction', 'what', 'native', 'virtual']);
    });
});
