// The guest console as the user sees it in the debugger: only text not shown before (time
// travel re-executes output already shown), prefixed with the VM's name per line when several
// VMs share the output (`web| 3`).
import type { Simulation } from '../simulator/engine.js';

export class ConsoleOutput {
    /** Per VM: how much console text the user has been shown. */
    private readonly shown: number[];
    private readonly partialLine = new Map<string, string>();

    constructor(private readonly sim: Simulation, private readonly write: (text: string) => void) {
        this.shown = sim.state.vms.map(() => 0);
    }

    /** The engine's console event: `text` is the VM's whole console so far. */
    onConsole(vm: string, text: string): void {
        const index = this.sim.model.vms.findIndex((m) => m.name === vm);
        const length = this.sim.state.vms[index]?.console.length ?? 0;
        const fresh = length - this.shown[index];
        if (fresh <= 0) return;
        this.shown[index] = length;
        const tail = text.slice(Math.max(0, text.length - fresh));
        if (this.sim.model.vms.length === 1) {
            this.write(tail);
            return;
        }
        const lines = ((this.partialLine.get(vm) ?? '') + tail).split('\n');
        this.partialLine.set(vm, lines.pop()!);
        if (lines.length > 0) this.write(lines.map((l) => `${vm}| ${l}\n`).join(''));
    }

    /** At the end: the last unfinished line of each VM. */
    flush(): void {
        for (const [vm, rest] of this.partialLine) if (rest) this.write(`${vm}| ${rest}\n`);
        this.partialLine.clear();
    }
}
