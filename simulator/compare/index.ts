// `vmdef compare` (LANGUAGE.md §13): a VM's guest run natively and under each technique in
// lockstep, stopped at the first divergence from native. A pure function of the machine model:
// the CLI, the language server (`diverges-from-native`), the debugger and the labs (`expect
// faithful`) call it. How: solo.ts (the machines), side.ts (one run, instruction by
// instruction), lockstep.ts (chunks, and the exact replay), guest-view.ts (what the guest sees).
import { DEFAULT_MAX_CYCLES, Simulation } from '../engine.js';
import type { MachineModel, MonitorTechnique, VmModel } from '../model.js';
import { statementText, guestSources } from './statement-text.js';
import { lockstep, lockstepEveryInstruction, type Lane, type Outcome } from './lockstep.js';
import type { CompareReport, CompareRun, Divergence } from './report.js';
import { NativeDeliveries, VirtualDeliveries } from './interrupt-input.js';
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
    /** Each divergence carries both guest states there (`at.states`). */
    states?: boolean;
    /**
     * Compare the whole state after every guest instruction, on the interpreter, instead of by
     * chunks on the fast engine: the same runs (`runs`), far slower — the reference the tests
     * hold the chunks to.
     */
    everyInstruction?: boolean;
}

/** Compares VM `vmName` of the model with its native run; undefined if the model has no such VM. */
export function compareVm(model: MachineModel, vmName: string, options: CompareOptions = {}): CompareReport | undefined {
    const vm = model.vms.find((v) => v.name === vmName);
    if (!vm) return undefined;
    const techniques = options.under ?? TECHNIQUES;
    const { native, lanes } = lockstepVm(model, vm, techniques, options);
    const sources = guestSources(vm);
    const runs = lanes.map((lane, i): CompareRun => {
        const outcome = lane.outcome!;
        const cycles = lane.side.cycles;
        return {
            technique: techniques[i],
            diverged: outcome.divergence !== undefined,
            at: divergenceOf(outcome, sources, options.states === true),
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

/** Where a VM's run under its own technique first diverges from native, for a debugger that runs it (`compareWith: "native"`). */
export interface DivergencePoint {
    vm: string;
    technique: MonitorTechnique;
    at: Divergence;
    /** The VM's guest (simple) instructions when it shows, and its next guest instruction there (body name, index). */
    instructions: number;
    code: string;
    pc: number;
    /** The native guest's registers and flags there. */
    native: Record<string, number>;
}

/** The first divergence of every VM that runs under a hypervisor, each under its own technique. */
export function divergencePoints(model: MachineModel, options: Omit<CompareOptions, 'under'> = {}): DivergencePoint[] {
    const points: DivergencePoint[] = [];
    for (const vm of model.vms) {
        const technique = vm.host.technique;
        if (technique === 'native') continue;
        const outcome = lockstepVm(model, vm, [technique], options).lanes[0].outcome!;
        const at = divergenceOf(outcome, guestSources(vm));
        const d = outcome.divergence;
        if (at && d) points.push({ vm: vm.name, technique, at, ...d.place, native: d.native });
    }
    return points;
}

/** The VM's native run and one lane per technique, compared to the end, the first divergence or a limit. */
function lockstepVm(model: MachineModel, vm: VmModel, techniques: readonly MonitorTechnique[], options: CompareOptions): { native: Side; lanes: Lane[] } {
    const strict = options.strictTiming === true;
    const maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
    // the vCPU followed: the first that runs a program (its instructions are the ones compared)
    const vcpu = Math.max(0, vm.programs.findIndex((p) => p !== undefined));
    const sideOf = (technique: MonitorTechnique | 'native', deliveries: NativeDeliveries | VirtualDeliveries): Side =>
        new Side(new Simulation(soloModel(model, vm, technique), { engine: 'fast', maxCycles }), vcpu, strict, deliveries);
    const recorded = new NativeDeliveries();
    const native = sideOf('native', recorded);
    const lanes: Lane[] = techniques.map((t) => ({ side: sideOf(t, new VirtualDeliveries(recorded)) }));
    (options.everyInstruction ? lockstepEveryInstruction : lockstep)(native, lanes, options.maxInstructions ?? maxCycles);
    return { native, lanes };
}

function divergenceOf(outcome: Outcome, sources: Map<string, string[]>, withStates = false): Divergence | null {
    const d = outcome.divergence;
    if (!d) return null;
    const at: Divergence = {
        file: d.instruction?.loc.file ?? '',
        line: d.instruction?.loc.line ?? 0,
        instruction: d.instruction ? statementText(d.instruction, sources) : '',
        what: d.difference.what,
        native: d.difference.native,
        virtual: d.difference.virtual,
    };
    if (withStates) at.states = d.states;
    return at;
}
