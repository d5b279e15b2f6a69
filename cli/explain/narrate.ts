// `vmdef run --explain`: the trace in plain language, one line per layer change — who executes
// which instruction in which mode, what the technique makes of it (a trap to the hypervisor, a
// callout of translated code, a VM exit, a hypercall, a world switch to the host OS), and what
// entering costs. Built from the engine's transitions (the same events as `--trace`) and the
// state at that moment: the frame below the new one is at the instruction that entered it.
// At most EXPLAIN_MAX_LINES lines; the rest is counted. The run itself is bounded by --max-cycles.
import type { Simulation, Transition } from '../../simulator/engine.js';
import { instructionText } from '../../simulator/cpu/instruction-text.js';
import type { Technique } from '../../simulator/model.js';
import { isBootFrame } from '../../simulator/boot.js';
import { PK_DEV, PK_STR, type Frame } from '../../simulator/state.js';
import { explainMessages as m } from './messages.js';

export const EXPLAIN_MAX_LINES = 1_000;

const TECHNIQUE: Record<Technique, () => string> = {
    full: m.techniqueFull, binary: m.techniqueBinary, para: m.techniquePara, hardware: m.techniqueHardware, native: m.techniqueNative,
};

const LAYER: Record<string, () => string> = {
    guest: m.layerGuest, kernel: m.layerKernel, hypervisor: m.layerHypervisor, host: m.layerHost, hardware: m.layerHardware,
};

export class Narrator {
    private readonly vcpus: Map<string, number>;
    private lines = 0;
    /** Layer changes past the line cap. */
    omitted = 0;

    constructor(private readonly sim: Simulation, private readonly maxLines = EXPLAIN_MAX_LINES) {
        this.vcpus = new Map(sim.state.vcpus.map((v) => [v.name, v.id]));
    }

    /**
     * The lines before the first transition: a vCPU that starts in its OS's `boot { }` never
     * entered it (the run begins there), so its start is said here, at cycle 0.
     */
    prologue(): string[] {
        return this.sim.state.vcpus
            .filter((v) => v.frames.length > 0 && isBootFrame(v.frames[v.frames.length - 1]))
            .map((v) => `[0] ${m.boots(v.name, this.sim.model.vms[v.vm].os?.name ?? '?')}`);
    }

    /** The line for a transition, or undefined past the cap (counted in `omitted`). */
    narrate(t: Transition): string | undefined {
        if (this.lines >= this.maxLines) {
            this.omitted++;
            return undefined;
        }
        this.lines++;
        return `[${t.time}] ${this.sentence(t)}`;
    }

    private sentence(t: Transition): string {
        const layer = (name: string) => LAYER[name]?.() ?? name;
        if (t.direction === 'leave') return m.leaves(t.vcpu, t.name, layer(t.to));
        const v = this.sim.state.vcpus[this.vcpus.get(t.vcpu) ?? -1];
        // the frame that entered this one, at the instruction that did
        const below = v?.frames[v.frames.length - 2];
        const host = v ? this.sim.model.vms[v.vm].host : undefined;
        const costs = host?.costs;
        const instruction = below ? this.instruction(below) : '?';
        const mode = below?.user ? m.modeUser() : m.modeKernel();
        const name = t.name;
        if (t.to === 'kernel' && name.startsWith('syscall ')) return m.syscall(t.vcpu, instruction, this.sim.model.vms[v?.vm ?? 0]?.os?.name ?? '?');
        if (t.to === 'hypervisor' && host && costs) {
            const technique = TECHNIQUE[host.technique]();
            const handler = name.slice(name.lastIndexOf(' ') + 1);
            if (name.startsWith('trap ')) return m.trap(t.vcpu, instruction, mode, technique, handler, cycles(costs.trap));
            if (name.startsWith('callout ')) return m.callout(t.vcpu, instruction, mode, technique, handler, cycles(costs.callout));
            if (name.startsWith('VM exit ')) return m.vmExit(t.vcpu, instruction, mode, technique, name.slice('VM exit '.length), cycles(costs.exit));
            if (name.startsWith('hypercall ')) return m.hypercall(t.vcpu, instruction, handler, cycles(costs.hypercall));
        }
        if (t.to === 'host' && costs) return m.worldSwitch(t.vcpu, name, cycles(costs.world_switch));
        if (t.to === 'hardware') return m.hardware(t.vcpu, layer(t.from), instruction);
        return m.enters(t.vcpu, name, layer(t.from), layer(t.to));
    }

    private instruction(f: Frame): string {
        const ins = f.code?.instrs[f.pc];
        if (!f.code || !ins) return f.hw || '?';
        const host = f.code.host !== undefined ? this.sim.model.hosts[f.code.host] : undefined;
        const strings = this.sim.strings.strings;
        const devices = host?.devices ?? [];
        // a syscall's or handler's parameters as the values they are bound to: `out com1, 3`
        const param = (i: number): string | undefined => {
            if (i >= f.pk.length) return undefined;
            const value = f.pv[i];
            return f.pk[i] === PK_STR ? JSON.stringify(strings[value] ?? '') : f.pk[i] === PK_DEV ? devices[value]?.name : String(value);
        };
        return instructionText(ins, f.code, { strings, devices, param });
    }
}

/** `1,500` — cycles grouped by thousands in both languages. */
function cycles(n: number): string {
    return n.toLocaleString('en-US');
}
