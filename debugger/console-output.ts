// The guest console as the user sees it in the debugger: only text not shown before (time
// travel re-executes output already shown), prefixed with the VM's name per line when several
// VMs share the output (`web| 3`, as `vmdef run` prints it: simulator/console-demux.ts).
import { ConsoleDemux } from '../simulator/console-demux.js';
import type { Simulation } from '../simulator/engine.js';

export class ConsoleOutput {
    /** Per VM: how much console text the user has been shown. */
    private readonly shown: number[];
    private readonly demux: ConsoleDemux;

    constructor(private readonly sim: Simulation, write: (text: string) => void) {
        this.shown = sim.state.vms.map(() => 0);
        this.demux = new ConsoleDemux(sim.model.vms.length > 1, write);
    }

    /** The engine's console event: `text` is the VM's whole console so far. */
    onConsole(vm: string, text: string): void {
        const index = this.sim.model.vms.findIndex((m) => m.name === vm);
        const length = this.sim.state.vms[index]?.console.length ?? 0;
        const fresh = length - this.shown[index];
        if (fresh <= 0) return;
        this.shown[index] = length;
        this.demux.write(vm, text.slice(Math.max(0, text.length - fresh)));
    }

    /** At the end: the last unfinished line of each VM. */
    flush(): void {
        this.demux.flush();
    }
}
