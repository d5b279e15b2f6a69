// One comparison with native per save. Two on-save checks want it: compare-on-save (a
// `diverges-from-native` warning) and simulate-on-save's judge of `expect faithful`; each used
// to build its own model and compare the same VM again. The comparison is kept for the last
// saved set of documents and handed to both; another text in any of them (an edit, or a closed
// file changed on disk, whose version stays 0), another cost preset or cycle bound makes a new one.
import type { LangiumDocument } from 'langium';
import type { CheckedWorkspace } from '../language/workspace.js';
import { compareWithNative } from '../lab/compare-source.js';
import type { CompareSource } from '../lab/evaluate.js';
import { buildModel, type MachineModel } from '../simulator/model.js';
import { ON_SAVE_COMPARED_INSTRUCTIONS } from './compare-limits.js';

export interface SavedComparisonKey {
    maxCycles: number;
    costPreset: string | undefined;
}

let last: { key: string; source: CompareSource } | undefined;

/**
 * The comparison of the workspace's VMs with native, bounded as on save. `model` is used when
 * it has to be made (a caller that has one passes it; otherwise it is built).
 */
export function savedComparison(workspace: CheckedWorkspace, bounds: SavedComparisonKey, model?: MachineModel): CompareSource {
    const key = keyOf(workspace.documents, bounds);
    if (last?.key !== key) {
        const built = model ?? buildModel(workspace.documents, workspace.stdlib, bounds.costPreset);
        last = { key, source: compareWithNative(built, { maxCycles: bounds.maxCycles, maxInstructions: ON_SAVE_COMPARED_INSTRUCTIONS }) };
    }
    return last.source;
}

/** The documents' names and whole texts: exact, and one copy of the workspace's text is cheap to keep. */
function keyOf(documents: readonly LangiumDocument[], bounds: SavedComparisonKey): string {
    const texts = documents.map((d) => `${d.uri.toString()}\n${d.textDocument.getText()}`).join('\0');
    return `${bounds.maxCycles}#${bounds.costPreset ?? ''}#${texts}`;
}
