// "vmdef: Show Simulation Report": the page `vmdef report FILE OTHER... -o report.html` writes
// (the file and the files connected to it, as for Run File) in VS Code's display language
// (cli-process.ts passes `--lang`), in a webview beside the editor,
// under a content security policy, refreshed when the file or a connected one is saved.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { localeOf } from '../l10n/locale.js';
import { runCli } from './cli-process.js';
import { samePath } from './connected-files.js';
import { documentToRun, saveDocuments, settingsArguments, type ConnectedFilesOf } from './run-command.js';

export class ReportView implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;
    private file: vscode.Uri | undefined;
    /** The files the shown report was made of (a save of any of them refreshes it). */
    private files: string[] = [];
    /** While the command itself saves, its saves start no refresh of their own (it refreshes next). */
    private saving = 0;
    private html = '';
    /** Bumped per refresh so a slow older report never replaces a newer one. */
    private generation = 0;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly context: vscode.ExtensionContext, private readonly connected: ConnectedFilesOf) {
        this.disposables.push(
            vscode.workspace.onDidSaveTextDocument((document) => {
                if (!this.panel || !this.file || this.saving > 0) return;
                if (document.uri.toString() === this.file.toString() || this.files.some((f) => samePath(f, document.uri.fsPath))) void this.refresh();
            }),
        );
    }

    /** The HTML the webview shows now (for tests, through the extension's API). */
    currentHtml(): string {
        return this.html;
    }

    async show(uri: vscode.Uri | undefined): Promise<void> {
        const document = await documentToRun(uri);
        if (!document) {
            void vscode.window.showErrorMessage(vscode.l10n.t('vmdef: open a .vmdef file to see its simulation report.'));
            return;
        }
        this.file = document.uri;
        const title = vscode.l10n.t('Report: {0}', path.basename(document.uri.fsPath));
        if (!this.panel) {
            this.panel = vscode.window.createWebviewPanel('vmdef.report', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
                // The report is a static page (inline styles, no scripts): nothing may run in it.
                enableScripts: false,
                enableFindWidget: true,
                localResourceRoots: [],
            });
            this.panel.onDidDispose(() => {
                this.panel = undefined;
                this.html = '';
            });
        } else {
            this.panel.title = title;
            this.panel.reveal(vscode.ViewColumn.Beside, true);
        }
        this.saving++;
        try {
            if (document.isDirty) await document.save();
        } finally {
            this.saving--;
        }
        await this.refresh(true);
    }

    /** `saveConnected`: the command saves the connected files' unsaved edits (the CLI reads the disk). */
    private async refresh(saveConnected = false): Promise<void> {
        const file = this.file;
        if (!file || !this.panel) return;
        const generation = ++this.generation;
        // asked again on every refresh: an edit may have connected or disconnected files; a save
        // that refreshes does not save the other files (only the command does)
        const connected = await this.connected(file);
        if (saveConnected) {
            this.saving++;
            try {
                await saveDocuments(connected.files);
            } finally {
                this.saving--;
            }
        }
        if (generation !== this.generation || !this.panel) return;
        this.files = connected.files;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-report-'));
        const output = path.join(dir, 'report.html');
        try {
            const result = await runCli(this.context, ['report', ...settingsArguments(file), ...connected.files, '-o', output], { cwd: path.dirname(file.fsPath) });
            if (generation !== this.generation || !this.panel) return;
            const html = result.code === 0 && fs.existsSync(output)
                ? withPolicy(fs.readFileSync(output, 'utf8'), this.panel.webview)
                : failurePage(file, result.stderr || result.stdout || vscode.l10n.t('vmdef report exited with code {0}', String(result.code)), this.panel.webview, connected.fallback);
            this.html = html;
            this.panel.webview.html = html;
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }

    dispose(): void {
        this.panel?.dispose();
        for (const d of this.disposables) d.dispose();
    }
}

/** The report is self-contained: inline styles and inline SVG, nothing from the network, no scripts. */
function policy(webview: vscode.Webview): string {
    return ["default-src 'none'", `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource} 'unsafe-inline'`, `font-src ${webview.cspSource}`].join('; ');
}

/** Puts the policy first in <head>, before anything it governs. */
export function withPolicy(html: string, webview: vscode.Webview): string {
    const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(webview)}">`;
    if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (head) => `${head}\n${meta}`);
    return `<!DOCTYPE html><html><head>${meta}</head><body>${html}</body></html>`;
}

function failurePage(file: vscode.Uri, message: string, webview: vscode.Webview, fallback?: string): string {
    // without the server's answer the file went alone: that may be the reason it does not resolve
    const alone = fallback ? `<p>${escapeHtml(vscode.l10n.t('Only this file was passed: {0}.', fallback))}</p>` : '';
    const said = escapeHtml(vscode.l10n.t('{0} said:', '\u0000')).replace('\u0000', '<code>vmdef report</code>');
    const body = `<h2>${escapeHtml(vscode.l10n.t('No report for {0}', path.basename(file.fsPath)))}</h2>${alone}<p>${said}</p><pre>${escapeHtml(message.trim())}</pre>`;
    const title = escapeHtml(vscode.l10n.t('vmdef report'));
    const html = `<!DOCTYPE html><html lang="${localeOf(vscode.env.language)}"><head><meta charset="utf-8"><title>${title}</title></head><body class="vmdef-report-error">${body}</body></html>`;
    return withPolicy(html, webview);
}

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
