// Data breakpoints on registers and flags: "stop when r1 of web/vcpu0's countdown frame
// changes". A watch names a vCPU, a layer (its depth from the bottom of the stack and its
// name, so a later frame at the same depth with another name is not confused with it) and a
// register. While any watch is set the runtime checks them after every instruction (single
// steps: slower than a plain continue, which the README says).
import type { Simulation } from '../engine.js';
import { REGISTER_NAMES } from '../cpu/code.js';
import type { Frame } from '../state.js';

export const WATCHABLE = [...REGISTER_NAMES, 'zf', 'sf', 'if'];

export interface Watch {
    id: number;
    vcpu: number;
    depth: number;
    frameName: string;
    register: string;
    /** The value when last checked (undefined: that frame does not exist now). */
    last: number | boolean | undefined;
}

export interface WatchHit {
    /** The vCPU of the first watch that changed. */
    vcpu: number;
    ids: number[];
    description: string;
}

function read(sim: Simulation, w: Watch): number | boolean | undefined {
    const v = sim.state.vcpus[w.vcpu];
    const f: Frame | undefined = v?.frames[w.depth];
    if (!f || f.name !== w.frameName) return undefined;
    if (w.register === 'zf') return f.zf;
    if (w.register === 'sf') return f.sf;
    if (w.register === 'if') return v.iflag;
    return f.regs[REGISTER_NAMES.indexOf(w.register)];
}

/** `0:1:r1` — vCPU, depth from the bottom of its stack, register. */
export function dataId(vcpu: number, depth: number, register: string): string {
    return `${vcpu}:${depth}:${register}`;
}

export class Watches {
    private list: Watch[] = [];
    private nextId = 1;

    constructor(private readonly sim: Simulation) {}

    get any(): boolean {
        return this.list.length > 0;
    }

    /** Replaces all watches; an id that names no frame now is refused with a reason. */
    set(ids: string[]): { id?: number; verified: boolean; message?: string }[] {
        this.list = [];
        return ids.map((text) => {
            const [vcpuText, depthText, register] = text.split(':');
            const vcpu = Number(vcpuText);
            const depth = Number(depthText);
            const f = this.sim.state.vcpus[vcpu]?.frames[depth];
            if (!f || !WATCHABLE.includes(register)) return { verified: false, message: `nothing to watch at ${text}` };
            const w: Watch = { id: this.nextId++, vcpu, depth, frameName: f.name, register, last: undefined };
            w.last = read(this.sim, w);
            this.list.push(w);
            return { id: w.id, verified: true };
        });
    }

    /** Takes the current values as the reference (after a stop, a time travel, an edit). */
    rebase(): void {
        for (const w of this.list) w.last = read(this.sim, w);
    }

    /** Whether a watched value differs from its reference (cheap: checked after every step). */
    changed(): boolean {
        for (const w of this.list) {
            const now = read(this.sim, w);
            if (now !== undefined && w.last !== undefined && now !== w.last) return true;
            // the frame came back (a new syscall at that depth): start watching it from here
            if (w.last === undefined && now !== undefined) w.last = now;
        }
        return false;
    }

    /** The watches that changed, described, and their new values as the reference. */
    take(): WatchHit | undefined {
        const ids: number[] = [];
        const parts: string[] = [];
        let vcpu = -1;
        for (const w of this.list) {
            const now = read(this.sim, w);
            if (now !== undefined && w.last !== undefined && now !== w.last) {
                ids.push(w.id);
                if (vcpu < 0) vcpu = w.vcpu;
                parts.push(`${w.register} of ${this.sim.state.vcpus[w.vcpu].name} ${w.frameName} changed: ${w.last} → ${now}`);
            }
            w.last = now;
        }
        return ids.length > 0 ? { vcpu, ids, description: parts.join('; ') } : undefined;
    }
}
