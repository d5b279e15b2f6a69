// `expect faithful` decided by `vmdef compare` (simulator/compare/): each VM that asks is compared
// with native under its own technique, once, when its first `faithful` line is judged.
import { compareVm } from '../simulator/compare/index.js';
import type { MachineModel, MonitorTechnique } from '../simulator/model.js';
import type { CompareSource } from './evaluate.js';
import type { CompareReportLike } from './faithful.js';

export interface CompareBounds {
    maxCycles?: number;
    /** Guest instructions compared (the editor's bound on save); the whole run when absent. */
    maxInstructions?: number;
}

export function compareWithNative(model: MachineModel, bounds: CompareBounds = {}): CompareSource {
    const reports = new Map<string, CompareReportLike | undefined>();
    return (vm) => {
        if (!reports.has(vm)) {
            const technique = model.vms.find((v) => v.name === vm)?.host.technique;
            const compared = technique && technique !== 'native'
                ? compareVm(model, vm, { under: [technique as MonitorTechnique], ...bounds })
                : undefined;
            reports.set(vm, compared);
        }
        return reports.get(vm);
    };
}
