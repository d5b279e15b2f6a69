// `vmdef compare --json --states` on texts already in memory, for VS Code for the Web (extension/
// web/compare-inline.ts): the texts checked as `vmdef run` checks them (run-in-memory.ts), the
// VM compared with native under every technique (simulator/compare/).
import type { SourceFile } from '../../language/workspace.js';
import { compareVm, type CompareReport } from '../../simulator/compare/index.js';
import { SimulationError } from '../../simulator/engine.js';
import { buildModel } from '../../simulator/model.js';
import { checkInMemory } from '../run-in-memory.js';

export type InMemoryCompare =
    | { kind: 'refused'; lines: string[] }
    /** `report` undefined: the definition has no such VM. */
    | { kind: 'done'; report: CompareReport | undefined };

export async function compareInMemory(files: SourceFile[], vm: string, options: { maxCycles?: number; costPreset?: string; names?: string[] }): Promise<InMemoryCompare> {
    const check = await checkInMemory(files, options.names);
    if (check.kind === 'refused') return check;
    try {
        const model = buildModel(check.workspace.documents, check.workspace.stdlib, options.costPreset);
        return { kind: 'done', report: compareVm(model, vm, { states: true, maxCycles: options.maxCycles }) };
    } catch (e) {
        if (e instanceof SimulationError) return { kind: 'refused', lines: [e.message] };
        throw e;
    }
}
