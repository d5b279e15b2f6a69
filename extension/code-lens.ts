// `Run | Debug` above each hypervisor declaration. Found by a scan of the text rather than a
// server round trip: lenses must appear at once, even while the server is still loading.
import * as vscode from 'vscode';

/** `hypervisor NAME:` at the start of a declaration (comments are blanked out first). */
const HYPERVISOR = /\bhypervisor\s+([A-Za-z_][A-Za-z0-9_]*)\s*:/g;

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
        return lenses;
    }
}

/** Replaces comments and strings by spaces (keeping offsets) so `// hypervisor x:` is no match. */
export function blankComments(text: string): string {
    return text.replace(/\/\/[^\n\r]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\r\n])*"/g, (m) => m.replace(/[^\n\r]/g, ' '));
}
