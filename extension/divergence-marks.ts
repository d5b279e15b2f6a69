// One `diverges-from-native` warning per line. The language server's on-save check compares a VM
// under its own hypervisor's technique; "vmdef: Compare with Native" compares it under every
// technique and names each one that diverged there. The command saves the file first, so both
// can mark the same instruction: while the command's warning stands on a line, the server's
// warning there is held back (the middleware below), and shown again when the command's goes
// (an edit, another comparison of the VM).
import type * as vscode from 'vscode';
import type { HandleDiagnosticsSignature, Middleware } from 'vscode-languageclient';

const CODE = 'diverges-from-native';

export class DivergenceMarks {
    /** Per file, the 0-based lines the command marked. */
    private marked = new Map<string, Set<number>>();
    /** Per file, what the server published last, to publish again when the command's marks change. */
    private readonly published = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[]; next: HandleDiagnosticsSignature }>();

    readonly middleware: Middleware = {
        handleDiagnostics: (uri, diagnostics, next) => {
            this.published.set(uri.toString(), { uri, diagnostics, next });
            next(uri, this.shown(uri.toString(), diagnostics));
        },
    };

    /** The command's warnings now (all of them): the server's on these lines are held back. */
    commandMarked(marks: readonly { uri: vscode.Uri; diagnostic: vscode.Diagnostic }[]): void {
        const before = this.marked;
        this.marked = new Map();
        for (const { uri, diagnostic } of marks) {
            const lines = this.marked.get(uri.toString()) ?? new Set<number>();
            lines.add(diagnostic.range.start.line);
            this.marked.set(uri.toString(), lines);
        }
        for (const [file, { uri, diagnostics, next }] of this.published) {
            if (!sameLines(before.get(file), this.marked.get(file))) next(uri, this.shown(file, diagnostics));
        }
    }

    private shown(file: string, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
        const lines = this.marked.get(file);
        if (!lines) return diagnostics;
        return diagnostics.filter((d) => !(codeOf(d) === CODE && lines.has(d.range.start.line)));
    }
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
    return typeof d.code === 'object' ? d.code.value : d.code;
}

function sameLines(a: Set<number> | undefined, b: Set<number> | undefined): boolean {
    if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
    for (const line of a ?? []) if (!b!.has(line)) return false;
    return true;
}
