// `vmdef compare` (LANGUAGE.md §13): a VM's guest run natively and under each technique in
// lockstep, stopped at the first divergence from native. A pure function of the machine model:
// the CLI, the language server (`diverges-from-native`), the debugger and the labs (`expect
// faithful`) call it. How: solo.ts (the machines), side.ts (one run, instruction by
// instruction), lockstep.ts (chunks, and the exact replay), guest-view.ts (what the guest sees).
import { DEFAULT_MAX_CYCLES, Simulation } from '../engine.js';
import type { MachineModel, MonitorTechnique } from '../model.js';
import { instructionText, guestSources } from './instruction-text.js';
import { lockstep, type Lane } from './lockstep.js';
import type { CompareReport, CompareRun } from './report.js';
import { Side } from './side.js';
import { soloModel } from './solo.js';

export type { CompareReport, CompareRun, Divergence } from './report.js';

export const TECHNIQUES: readonly MonitorTechnique[] = ['full', 'binary', 'para', 'hardware'];

export interface CompareOptions {
    /** The techniques compared with native (default: all four). */
    under?: MonitorTechnique[];
    /** `rdtsc` values count as divergences (by default both runs read the same clock). */
    strictTiming?: boolean;
    /** Guest instructions compared at most (default: as many as the cycle limit allows). */
    maxInstructions?: number;
    /** Host cycles each run may take (default DEFAULT_MAX_CYCLES, as `vmdef run`). */
    maxCycles?: number;
}

/** Compares VM `vmName` of the model with its native run; undefined if the model has no such VM. */
export function compareVm(model: MachineModel, vmName: string, options: CompareOptions = {}): CompareReport | undefined {
    const vm = model.vms.find((v) => v.name === vmName);
    if (!vm) return undefined;
    const strict = options.strictTiming === true;
    const maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
    // the vCPU followed: the first that runs a program (its instructions are the ones compared)
    const vcpu = Math.max(0, vm.programs.findIndex((p) => p !== undefined));
    const sideOf = (technique: MonitorTechnique | 'native'): Side =>
        new Side(new Simulation(soloModel(model, vm, technique), { engine: 'fast', maxCycles }), vcpu, strict);
    const native = sideOf('native');
    const techniques = options.under ?? TECHNIQUES;
    const lanes: Lane[] = techniques.map((t) => ({ side: sideOf(t) }));
    lockstep(native, lanes, options.maxInstructions ?? maxCycles);
    const sources = guestSources(vm);
    const runs = lanes.map((lane, i): CompareRun => {
        const outcome = lane.outcome!;
        const d = outcome.divergence;
        const cycles = lane.side.cycles;
        return {
            technique: techniques[i],
            diverged: d !== undefined,
            at: d ? {
                file: d.instruction?.loc.file ?? '',
                line: d.instruction?.loc.line ?? 0,
                instruction: d.instruction ? instructionText(d.instruction, sources) : '',
                what: d.difference.what,
                native: d.difference.native,
                virtual: d.difference.virtual,
            } : null,
            cycles,
            overhead: outcome.nativeCycles > 0 ? Math.round((cycles / outcome.nativeCycles - 1) * 1000) / 10 : 0,
        };
    });
    const status = native.sim.state.vms[0].status;
    return {
        vm: vm.name,
        native: { hardware: native.sim.model.hosts[0].hardware, cycles: native.cycles, status, instructions: native.count },
        runs,
    };
}
