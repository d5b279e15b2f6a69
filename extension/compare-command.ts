// "vmdef: Compare with Native" (command and code lens on each `vm`): the VM's guest run natively
// and under each technique in lockstep, as `vmdef compare --vm NAME` does (LANGUAGE.md §13). Each
// divergence becomes a `diverges-from-native` warning at the diverging instruction with both
// values (the code the on-save check uses; the server's warning on a line the command marked is
// held back: divergence-marks.ts), and a read-only document beside the editor shows
// the two guest states there side by side (compare-table.ts). How the comparison runs is the
// host's (a `CompareExecutor`): the CLI in a child process on the desktop (compare-cli.ts), the
// simulator inline in VS Code for the Web (web/compare-inline.ts).
import * as vscode from 'vscode';
import type { CompareReport, Divergence } from '../simulator/compare/report.js';
import { vmDeclarations } from './code-lens.js';
import { compareTable } from './compare-table.js';
import type { ConnectedFiles } from './connected-files.js';
import type { DivergenceMarks } from './divergence-marks.js';
import { documentToRun } from './documents.js';
import type { ConnectedFilesOf } from './run-command.js';

/** The report (with `at.states`), and the editor's URI of a file it names; or what went wrong. */
export type CompareOutcome = Compared | { error: string };
export interface Compared {
    report: CompareReport;
    uriOf: (file: string) => vscode.Uri | undefined;
}

export type CompareExecutor = (run: {
    document: vscode.TextDocument;
    vm: string;
    connected: ConnectedFiles;
    token: vscode.CancellationToken;
}) => Promise<CompareOutcome>;

/** The side-by-side view's documents: `vmdef-compare:/NAME.txt?FILE`. */
export const COMPARE_SCHEME = 'vmdef-compare';

export class CompareCommand implements vscode.Disposable {
    private readonly diagnostics = vscode.languages.createDiagnosticCollection('vmdef compare');
    /** Per compared VM (`file#vm`), its warnings: a new comparison of the VM replaces them. */
    private readonly marks = new Map<string, { uri: vscode.Uri; diagnostic: vscode.Diagnostic }[]>();
    private readonly views = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly connected: ConnectedFilesOf, private readonly execute: CompareExecutor, private readonly divergences?: DivergenceMarks) {
        this.disposables.push(
            this.diagnostics,
            this.changed,
            vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, {
                onDidChange: this.changed.event,
                provideTextDocumentContent: (uri) => this.views.get(uri.toString()) ?? '',
            }),
            // an edit moves lines: the warnings of an edited file no longer point at their instruction
            vscode.workspace.onDidChangeTextDocument((e) => {
                if (e.contentChanges.length > 0) this.forget(e.document.uri);
            }),
        );
    }

    /** Compares `vm` of the file (asked when not given); resolves with the side-by-side view's URI, or undefined. */
    async run(uri: vscode.Uri | undefined, vm: string | undefined): Promise<vscode.Uri | undefined> {
        const document = await documentToRun(uri);
        if (!document) {
            void vscode.window.showErrorMessage(vscode.l10n.t('vmdef: open a .vmdef file to compare a VM with native.'));
            return undefined;
        }
        const name = typeof vm === 'string' ? vm : await pickVm(document);
        if (!name) return undefined;
        const outcome = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('vmdef: comparing VM {0} with native', name), cancellable: true },
            async (_progress, token) => {
                if (document.isDirty && document.uri.scheme !== 'untitled') await document.save();
                const connected = await this.connected(document.uri);
                return this.execute({ document, vm: name, connected, token });
            },
        );
        if ('error' in outcome) {
            void vscode.window.showErrorMessage(vscode.l10n.t('vmdef compare: {0}', outcome.error.trim()));
            return undefined;
        }
        await this.mark(`${document.uri.toString()}#${name}`, outcome);
        return this.show(document.uri, outcome);
    }

    /** One warning per diverging instruction and difference, naming every technique that diverged there. */
    private async mark(key: string, { report, uriOf }: Compared): Promise<void> {
        const found = new Map<string, { uri: vscode.Uri; at: Divergence; techniques: string[] }>();
        for (const run of report.runs) {
            const at = run.at;
            const uri = at && uriOf(at.file);
            if (!at || !uri) continue;
            const place = `${uri.toString()}:${at.line}:${at.what}:${at.native}:${at.virtual}`;
            const known = found.get(place);
            if (known) known.techniques.push(run.technique);
            else found.set(place, { uri, at, techniques: [run.technique] });
        }
        const marks: { uri: vscode.Uri; diagnostic: vscode.Diagnostic }[] = [];
        for (const { uri, at, techniques } of found.values()) {
            // the words of the on-save check (server/messages.ts divergesFromNative)
            const message = vscode.l10n.t(
                "VM '{0}' diverges from native here under {1}: {2} is {3}, natively {4} (`vmdef compare` shows every technique)",
                report.vm, techniques.join(', '), at.what, String(at.virtual), String(at.native),
            );
            const diagnostic = new vscode.Diagnostic(await lineRange(uri, at.line), message, vscode.DiagnosticSeverity.Warning);
            diagnostic.code = 'diverges-from-native';
            diagnostic.source = 'vmdef compare';
            marks.push({ uri, diagnostic });
        }
        this.marks.set(key, marks);
        this.publish();
    }

    private forget(uri: vscode.Uri): void {
        let dropped = false;
        for (const [key, marks] of this.marks) {
            const kept = marks.filter((m) => m.uri.toString() !== uri.toString());
            if (kept.length !== marks.length) {
                this.marks.set(key, kept);
                dropped = true;
            }
        }
        if (dropped) this.publish();
    }

    private publish(): void {
        const byFile = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
        for (const marks of this.marks.values()) {
            for (const { uri, diagnostic } of marks) {
                const entry = byFile.get(uri.toString()) ?? { uri, list: [] };
                entry.list.push(diagnostic);
                byFile.set(uri.toString(), entry);
            }
        }
        this.diagnostics.clear();
        for (const { uri, list } of byFile.values()) this.diagnostics.set(uri, list);
        this.divergences?.commandMarked([...this.marks.values()].flat());
    }

    private async show(file: vscode.Uri, { report, uriOf }: Compared): Promise<vscode.Uri> {
        const view = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${report.vm}.txt`, query: file.toString() });
        const where = (path: string, line: number) => {
            const uri = uriOf(path);
            return `${uri ? vscode.workspace.asRelativePath(uri) : path}:${line}`;
        };
        this.views.set(view.toString(), compareTable(report, where, vscode.l10n.t));
        this.changed.fire(view);
        const document = await vscode.workspace.openTextDocument(view);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
        return view;
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }
}

/** The VM to compare: the file's only one, or the one the user picks. */
async function pickVm(document: vscode.TextDocument): Promise<string | undefined> {
    const names = vmDeclarations(document.getText()).map((vm) => vm.name);
    if (names.length === 0) {
        void vscode.window.showErrorMessage(vscode.l10n.t('vmdef: this file declares no VM to compare with native.'));
        return undefined;
    }
    if (names.length === 1) return names[0];
    return vscode.window.showQuickPick(names, { placeHolder: vscode.l10n.t('The VM to compare with native') });
}

/** The 1-based line's statement, from its first non-blank character to its end. */
async function lineRange(uri: vscode.Uri, line: number): Promise<vscode.Range> {
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.lineAt(Math.min(Math.max(line - 1, 0), document.lineCount - 1));
    return new vscode.Range(text.lineNumber, text.firstNonWhitespaceCharacterIndex, text.lineNumber, text.range.end.character);
}
