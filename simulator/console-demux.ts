// One output for the consoles of several VMs: whole lines, each prefixed `vm| ` with its VM's
// name, a VM's unfinished line kept until it ends (or until flush), so two VMs writing at once
// never mix within a line. With a single VM the text passes through as written. Used by
// `vmdef run` and meant for the debugger's console too.
export class ConsoleDemux {
    private readonly partial = new Map<string, string>();

    /** `prefixed`: several VMs share `out`; else text passes through unchanged. */
    constructor(private readonly prefixed: boolean, private readonly out: (text: string) => void) {}

    write(vm: string, text: string): void {
        if (!this.prefixed) {
            this.out(text);
            return;
        }
        const lines = ((this.partial.get(vm) ?? '') + text).split('\n');
        this.partial.set(vm, lines.pop()!);
        if (lines.length > 0) this.out(lines.map((line) => `${vm}| ${line}\n`).join(''));
    }

    /** Ends every VM's unfinished line (at the end of a run). */
    flush(): void {
        for (const [vm, rest] of this.partial) if (rest) this.out(`${vm}| ${rest}\n`);
        this.partial.clear();
    }
}
