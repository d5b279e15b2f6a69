// `compareWith: "native"` (LANGUAGE.md §13): before the session runs, each VM under a hypervisor
// is compared with native under its own technique (simulator/compare/); a continue then stops
// where the first of them diverges — right after the instruction that did, with a Native scope
// holding what the same guest has natively there. Checked after every step (a predicate), from
// the simulation's state alone, so it holds after time travel too.
import { divergencePoints, type DivergencePoint } from '../simulator/compare/index.js';
import type { Simulation } from '../simulator/engine.js';
import { L_KERNEL } from '../simulator/state.js';
import { reason, stopReasonText } from '../simulator/stop-reason.js';
import type { VarNode } from './inspect.js';
import { LaunchError } from './launch.js';
import { debuggerMessages as m } from './messages.js';
import type { StopInfo } from './stops.js';

/** Guest instructions compared per VM at launch (the launch waits for it). */
export const COMPARED_AT_LAUNCH = 1_000_000;

export class NativeComparison {
    private readonly pending: { point: DivergencePoint; vm: number }[];
    private hit: { point: DivergencePoint; vcpu: number } | undefined;
    /** The divergence the session is stopped at, for the Native scope. */
    private shown: { point: DivergencePoint; vcpu: number } | undefined;

    constructor(sim: Simulation, maxCycles: number | undefined) {
        this.pending = divergencePoints(sim.model, { maxCycles, maxInstructions: COMPARED_AT_LAUNCH })
            .map((point) => ({ point, vm: sim.model.vms.findIndex((v) => v.name === point.vm) }));
    }

    get active(): boolean {
        return this.pending.length > 0;
    }

    /** The predicate: a VM reached its divergence (its guest at that instruction count and place). */
    readonly reached = (sim: Simulation): boolean => {
        for (const { point, vm } of this.pending) {
            const state = sim.state.vms[vm];
            if (state.instructions < point.instructions) continue;
            for (const id of state.vcpus) {
                const frames = sim.state.vcpus[id].frames;
                const top = frames[frames.length - 1];
                if (top && top.layer <= L_KERNEL && top.pc === point.pc && top.code?.name === point.code) {
                    this.hit = { point, vcpu: id };
                    return true;
                }
            }
        }
        return false;
    };

    /** The stop at the divergence just reached (once per VM), if any. */
    take(): StopInfo | undefined {
        const hit = this.hit;
        this.hit = undefined;
        if (!hit) return undefined;
        this.pending.splice(this.pending.findIndex((p) => p.point === hit.point), 1);
        this.shown = hit;
        const { vm, technique, at } = hit.point;
        const description = stopReasonText(reason('diverges-from-native', vm, technique, at.instruction, at.what, String(at.native), String(at.virtual)));
        return { reason: 'exception', vcpu: hit.vcpu, description, exception: { id: 'fidelity', description } };
    }

    /** The Native scope of a vCPU stopped at its divergence: the differing value, then the native registers and flags. */
    nativeScope(vcpu: number): VarNode[] | undefined {
        if (this.shown?.vcpu !== vcpu) return undefined;
        const { at, native } = this.shown.point;
        const first: VarNode = { name: at.what, value: at.native };
        return [first, ...Object.entries(native).filter(([name]) => name !== at.what).map(([name, value]): VarNode => ({ name, value }))];
    }

    /** Moving on: the scope belongs to the stop. */
    resumed(): void {
        this.shown = undefined;
    }
}

/** The comparison a launch asks for (`compareWith: "native"`), or none; another value is a launch error. */
export function nativeComparison(args: { compareWith?: unknown; maxCycles?: number }, sim: Simulation): NativeComparison | undefined {
    if (args.compareWith === undefined) return undefined;
    if (args.compareWith !== 'native') throw new LaunchError(m.compareWithNative(JSON.stringify(args.compareWith)));
    return new NativeComparison(sim, args.maxCycles);
}
