// `Run | Debug` above each hypervisor declaration and `Compare with Native` above each VM. Found
// by a scan of the text rather than a server round trip: lenses must appear at once, even while
// the server is still loading.
import * as vscode from 'vscode';

/** `hypervisor NAME:` at the start of a declaration (comments are blanked out first). */
const HYPERVISOR = /\bhypervisor\s+([A-Za-z_][A-Za-z0-9_]*)\s*:/g;

/** `vm NAME on HOST` or `vm NAME: OS on HOST` at the start of a line. */
const VM = /(?:^|\n)[ \t]*vm\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_][A-Za-z0-9_]*\s*)?on\b/g;

/** The VMs declared in a text, with the offset of their `vm` keyword (the Compare with Native command asks which). */
export function vmDeclarations(text: string): { name: string; offset: number }[] {
    return [...blankComments(text).matchAll(VM)].map((match) => ({ name: match[1], offset: match.index! + match[0].indexOf('vm') }));
}

export class HypervisorCodeLenses implements vscode.CodeLensProvider {
    provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
        const text = blankComments(document.getText());
        const lenses: vscode.CodeLens[] = [];
        for (const match of text.matchAll(HYPERVISOR)) {
            const start = document.positionAt(match.index!);
            const range = new vscode.Range(start, start);
            const name = match[1];
            lenses.push(
                new vscode.CodeLens(range, {
                    title: vscode.l10n.t('Run'),
                    command: 'vmdef.runFile',
                    arguments: [document.uri],
                    tooltip: vscode.l10n.t('Simulate this file (hypervisor {0} and every other) with the files connected to it', name),
                }),
                new vscode.CodeLens(range, {
                    title: vscode.l10n.t('Debug'),
                    command: 'vmdef.debugFile',
                    arguments: [document.uri],
                    tooltip: vscode.l10n.t("Debug this file, from hypervisor {0}'s guests into its handlers", name),
                }),
            );
        }
        for (const vm of vmDeclarations(document.getText())) {
            const start = document.positionAt(vm.offset);
            lenses.push(new vscode.CodeLens(new vscode.Range(start, start), {
                title: vscode.l10n.t('Compare with Native'),
                command: 'vmdef.compareWithNative',
                arguments: [document.uri, vm.name],
                tooltip: vscode.l10n.t("Run VM {0}'s guest natively and under each technique, and show where it first diverges", vm.name),
            }));
        }
        return lenses;
    }
}

/** Replaces comments and strings by spaces (keeping offsets) so `// hypervisor x:` is no match. */
export function blankComments(text: string): string {
    return text.replace(/\/\/[^\n\r]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\r\n])*"/g, (m) => m.replace(/[^\n\r]/g, ' '));
}
