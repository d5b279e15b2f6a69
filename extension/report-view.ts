// "vmdef: Show Simulation Report": the page `vmdef report FILE -o report.html` writes, in a
// webview beside the editor, under a content security policy, refreshed when the file is saved.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCli } from './cli-process.js';
import { documentToRun, settingsArguments } from './run-command.js';

export class ReportView implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;
    private file: vscode.Uri | undefined;
    private html = '';
    /** Bumped per refresh so a slow older report never replaces a newer one. */
    private generation = 0;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly context: vscode.ExtensionContext) {
        this.disposables.push(
            vscode.workspace.onDidSaveTextDocument((document) => {
                if (this.panel && this.file && document.uri.toString() === this.file.toString()) void this.refresh();
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
            void vscode.window.showErrorMessage('vmdef: open a .vmdef file to see its simulation report.');
            return;
        }
        if (document.isDirty) await document.save();
        this.file = document.uri;
        const title = `Report: ${path.basename(document.uri.fsPath)}`;
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
        await this.refresh();
    }

    private async refresh(): Promise<void> {
        const file = this.file;
        if (!file || !this.panel) return;
        const generation = ++this.generation;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-report-'));
        const output = path.join(dir, 'report.html');
        try {
            const result = await runCli(this.context, ['report', ...settingsArguments(file), file.fsPath, '-o', output], { cwd: path.dirname(file.fsPath) });
            if (generation !== this.generation || !this.panel) return;
            const html = result.code === 0 && fs.existsSync(output)
                ? withPolicy(fs.readFileSync(output, 'utf8'), this.panel.webview)
                : failurePage(file, result.stderr || result.stdout || `vmdef report exited with code ${result.code}`, this.panel.webview);
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

function failurePage(file: vscode.Uri, message: string, webview: vscode.Webview): string {
    const body = `<h2>No report for ${escapeHtml(path.basename(file.fsPath))}</h2><p><code>vmdef report</code> said:</p><pre>${escapeHtml(message.trim())}</pre>`;
    return withPolicy(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>vmdef report</title></head><body class="vmdef-report-error">${body}</body></html>`, webview);
}

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
