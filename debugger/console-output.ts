// The guest console as the user sees it in the debugger: only text not shown before (time
// travel re-executes output already shown), prefixed with the VM's name per line when several
// VMs share the output (`web| 3`, as `vmdef run` prints it: simulator/console-demux.ts), and
// bounded: past MAX_CONSOLE_BYTES of a VM's output one line says the rest is not shown (a guest
// printing in a loop must not flood the Debug Console; the VM's `console` variable keeps the end).
import { ConsoleDemux } from '../simulator/console-demux.js';
import { consoleWritten, MAX_CONSOLE_BYTES, MAX_CONSOLE_TEXT, utf8Length, utf8Prefix } from '../simulator/console-limit.js';
import type { Simulation } from '../simulator/engine.js';
import { debuggerMessages as m } from './messages.js';

export class ConsoleOutput {
    /** Per VM: how many bytes of its console (counted from its start, dropped ones too) the user has been shown. */
    private readonly shown: number[];
    /** Per VM: whether what it was shown ends in the middle of a line. */
    private readonly midLine: boolean[];
    private readonly demux: ConsoleDemux;

    constructor(private readonly sim: Simulation, write: (text: string) => void) {
        this.shown = sim.state.vms.map(() => 0);
        this.midLine = sim.state.vms.map(() => false);
        this.demux = new ConsoleDemux(sim.model.vms.length > 1, write);
    }

    /** The engine's console event: the VM has just written `text`. */
    onConsole(vm: string, text: string): void {
        const index = this.sim.model.vms.findIndex((m) => m.name === vm);
        const state = this.sim.state.vms[index];
        if (!state) return;
        // writes are whole and replay repeats them exactly: new text is a whole write past what was shown
        const written = consoleWritten(state);
        const before = this.shown[index];
        if (written <= before || before > MAX_CONSOLE_BYTES) return;
        // past the limit, `shown` stays past it: nothing more is shown for that VM
        this.shown[index] = written;
        if (written <= MAX_CONSOLE_BYTES) {
            this.show(index, vm, text);
            return;
        }
        this.show(index, vm, utf8Prefix(text, Math.max(0, MAX_CONSOLE_BYTES - (written - utf8Length(text)))));
        this.show(index, vm, `${this.midLine[index] ? '\n' : ''}${m.consoleStopped(vm, MAX_CONSOLE_TEXT)}\n`);
    }

    private show(index: number, vm: string, text: string): void {
        if (text.length === 0) return;
        this.midLine[index] = !text.endsWith('\n');
        this.demux.write(vm, text);
    }

    /** At the end: the last unfinished line of each VM. */
    flush(): void {
        this.demux.flush();
    }
}
