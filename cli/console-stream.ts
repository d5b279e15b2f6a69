// `vmdef run`'s live console, bounded: each VM's output is written as it comes, up to
// MAX_CONSOLE_BYTES per VM; past that one line says the rest is not shown, and the VM's output
// stops there (the summary says how many bytes the result dropped). A guest printing in a loop
// cannot flood the terminal or a pipe.
import { ConsoleDemux } from '../simulator/console-demux.js';
import { MAX_CONSOLE_BYTES, utf8Length, utf8Prefix } from '../simulator/console-limit.js';

export class ConsoleStream {
    private readonly demux: ConsoleDemux;
    /** Bytes written per VM; a VM past the cap is no longer written. */
    private readonly written = new Map<string, number>();
    private readonly stopped = new Set<string>();
    /** VMs whose output so far ends in the middle of a line. */
    private readonly midLine = new Set<string>();
    /** Whether the last text written out left a line open. */
    private openLine = false;

    constructor(prefixed: boolean, private readonly out: (text: string) => void, private readonly note: (vm: string) => string) {
        this.demux = new ConsoleDemux(prefixed, (text) => this.emit(text));
    }

    write(vm: string, text: string): void {
        if (this.stopped.has(vm)) return;
        const before = this.written.get(vm) ?? 0;
        const bytes = utf8Length(text);
        if (before + bytes <= MAX_CONSOLE_BYTES) {
            this.written.set(vm, before + bytes);
            this.pass(vm, text);
            return;
        }
        this.stopped.add(vm);
        const part = utf8Prefix(text, MAX_CONSOLE_BYTES - before);
        this.written.set(vm, before + utf8Length(part));
        this.pass(vm, part);
        this.pass(vm, `${this.midLine.has(vm) ? '\n' : ''}${this.note(vm)}\n`);
    }

    private pass(vm: string, text: string): void {
        if (text.length === 0) return;
        if (text.endsWith('\n')) this.midLine.delete(vm);
        else this.midLine.add(vm);
        this.demux.write(vm, text);
    }

    /** Ends every VM's unfinished line (at the end of a run). */
    flush(): void {
        this.demux.flush();
    }

    /** Whether the output ends in the middle of a line. */
    get endsMidLine(): boolean {
        return this.openLine;
    }

    private emit(text: string): void {
        if (text.length === 0) return;
        this.openLine = !text.endsWith('\n');
        this.out(text);
    }
}
