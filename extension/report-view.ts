// "vmdef: Show Simulation Report": the page `vmdef report FILE OTHER...` writes (the file and the
// files connected to it, as for Run File) in VS Code's display language, in a webview beside
// the editor, under a content security policy, refreshed when the file or a connected one is
// saved. How the page is made is the host's (a `ReportMaker`): the CLI in a child process on the
// desktop (report-cli.ts), the simulator inline in VS Code for the Web (web/run-inline.ts).
import * as vscode from 'vscode';
import { localeOf } from '../l10n/locale.js';
import type { ConnectedFiles } from './connected-files.js';
import { baseName, documentToRun } from './documents.js';
import type { ConnectedFilesOf } from './run-command.js';

/** The report page's HTML, or what went wrong (`vmdef report`'s error output, say). */
export type ReportOutcome = { html: string } | { error: string };

export interface ReportMaker {
    make(file: vscode.Uri, connected: ConnectedFiles): Promise<ReportOutcome>;
    /** Saves the connected files' unsaved edits (when the maker reads them from disk). */
    saveConnected(files: string[]): Promise<void>;
    /** Whether `file`, one of ConnectedFiles' `files`, names `document`. */
    sameFile(file: string, document: vscode.Uri): boolean;
}

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

    constructor(private readonly connected: ConnectedFilesOf, private readonly maker: ReportMaker) {
        this.disposables.push(
            vscode.workspace.onDidSaveTextDocument((document) => {
                if (!this.panel || !this.file || this.saving > 0) return;
                if (document.uri.toString() === this.file.toString() || this.files.some((f) => this.maker.sameFile(f, document.uri))) void this.refresh();
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
        const title = vscode.l10n.t('Report: {0}', baseName(document.uri));
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
                await this.maker.saveConnected(connected.files);
            } finally {
                this.saving--;
            }
        }
        if (generation !== this.generation || !this.panel) return;
        this.files = connected.files;
        const outcome = await this.maker.make(file, connected);
        if (generation !== this.generation || !this.panel) return;
        const html = 'html' in outcome
            ? withPolicy(outcome.html, this.panel.webview)
            : failurePage(file, outcome.error, this.panel.webview, connected.fallback);
        this.html = html;
        this.panel.webview.html = html;
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
    const body = `<h2>${escapeHtml(vscode.l10n.t('No report for {0}', baseName(file)))}</h2>${alone}<p>${said}</p><pre>${escapeHtml(message.trim())}</pre>`;
    const title = escapeHtml(vscode.l10n.t('vmdef report'));
    const html = `<!DOCTYPE html><html lang="${localeOf(vscode.env.language)}"><head><meta charset="utf-8"><title>${title}</title></head><body class="vmdef-report-error">${body}</body></html>`;
    return withPolicy(html, webview);
}

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
