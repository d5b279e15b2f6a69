// One comparison with native per save, shared by compare-on-save and `expect faithful`'s judge:
// the same documents give the same comparison (each VM compared once); another text, cost preset
// or cycle bound gives a new one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { savedComparison } from '../../server/saved-comparison.js';
import { check } from '../language/check-helper.js';

const POPEK = fs.readFileSync(path.join(__dirname, '../../examples/popek-goldberg.vmdef'), 'utf8');

describe('the comparison kept for a save', () => {
    it('is the same for the same documents: a VM is compared once for both checks', async () => {
        const { workspace } = await check(POPEK);
        const bounds = { maxCycles: 1_000_000, costPreset: undefined };
        const first = savedComparison(workspace, bounds);
        const report = first('broken');
        expect(report?.runs[0]).toMatchObject({ technique: 'full', diverged: true, at: { line: 41 } });
        const again = savedComparison(workspace, bounds);
        expect(again).toBe(first);
        expect(again('broken')).toBe(report);
    });

    it('is made again for another text, cost preset or cycle bound', async () => {
        const { workspace } = await check(POPEK);
        const bounds = { maxCycles: 1_000_000, costPreset: undefined };
        const first = savedComparison(workspace, bounds);
        expect(savedComparison(workspace, { ...bounds, maxCycles: 2_000_000 })).not.toBe(first);
        expect(savedComparison(workspace, { ...bounds, costPreset: 'p4_2006' })).not.toBe(savedComparison(workspace, bounds));
        const edited = await check(POPEK + '\n// an edit\n');
        expect(savedComparison(edited.workspace, bounds)).not.toBe(savedComparison(workspace, bounds));
    });
});
