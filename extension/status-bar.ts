// The status bar item for the hypervisor under the cursor (or the hypervisor of the VM under
// the cursor): `xen 12/28 vCPU · 40/62 GiB`, used / usable after reservations, on a red
// background when the VMs ask for more than `overcommit` allows. The figures come from the
// language server (`vmdef/hypervisorUsage`, server/usage-request.ts).
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { trim } from '../language/units.js';
import type { HypervisorUsage, HypervisorUsageParams } from '../server/usage-request.js';

/** The request's method; the server registers it under the same name (server/usage-request.ts). */
export const HYPERVISOR_USAGE_REQUEST = 'vmdef/hypervisorUsage';

const GiB = 1024 ** 3;
/** Cursor moves come in bursts; ask the server once the cursor rests. */
const DEBOUNCE_MS = 150;

export class UsageStatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('vmdef.hypervisorUsage', vscode.StatusBarAlignment.Left, 100);
    private readonly disposables: vscode.Disposable[] = [];
    private timer: ReturnType<typeof setTimeout> | undefined;
    private request = 0;
    private shown: HypervisorUsage | undefined;

    constructor(private readonly client: BaseLanguageClient) {
        this.item.name = vscode.l10n.t('vmdef hypervisor usage');
        this.disposables.push(
            vscode.window.onDidChangeTextEditorSelection((e) => this.schedule(e.textEditor)),
            vscode.window.onDidChangeActiveTextEditor((editor) => this.schedule(editor)),
            // Capacity changes with edits anywhere (a VM in another file may run on this hypervisor).
            vscode.languages.onDidChangeDiagnostics(() => this.schedule(vscode.window.activeTextEditor)),
        );
        this.schedule(vscode.window.activeTextEditor);
    }

    /** What the item shows now (for tests, through the extension's API). */
    current(): { text: string; tooltip: string; overcommitted: boolean; usage: HypervisorUsage } | undefined {
        if (!this.shown) return undefined;
        return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), overcommitted: this.shown.overcommitted, usage: this.shown };
    }

    /** Asks the server now for the editor's cursor; resolves once the item is updated. */
    async update(editor: vscode.TextEditor | undefined): Promise<void> {
        const request = ++this.request;
        if (!editor || editor.document.languageId !== 'vmdef') return this.hide(request);
        let usage: HypervisorUsage | null = null;
        try {
            const params: HypervisorUsageParams = {
                uri: this.client.code2ProtocolConverter.asUri(editor.document.uri),
                position: editor.selection.active,
            };
            usage = await this.client.sendRequest<HypervisorUsage | null>(HYPERVISOR_USAGE_REQUEST, params);
        } catch {
            usage = null; // server starting, restarting or stopped: no figures to show
        }
        if (request !== this.request) return; // a newer cursor position won
        if (!usage) return this.hide(request);
        this.shown = usage;
        this.item.text = `$(server) ${formatUsage(usage)}`;
        this.item.tooltip = tooltipOf(usage);
        this.item.backgroundColor = usage.overcommitted ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        this.item.show();
    }

    private schedule(editor: vscode.TextEditor | undefined): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.update(editor), DEBOUNCE_MS);
    }

    private hide(request: number): void {
        if (request !== this.request) return;
        this.shown = undefined;
        this.item.hide();
    }

    dispose(): void {
        if (this.timer) clearTimeout(this.timer);
        this.item.dispose();
        for (const d of this.disposables) d.dispose();
    }
}

/** `xen 12/28 vCPU · 40/62 GiB` */
export function formatUsage(u: HypervisorUsage): string {
    return `${u.name} ${u.vcpus}/${trim(u.usablePcpus)} vCPU · ${trim(u.memoryBytes / GiB)}/${trim(u.usableBytes / GiB)} GiB`;
}

function tooltipOf(u: HypervisorUsage): string {
    const lines = [
        u.vms === 1 ? vscode.l10n.t('{0} ({1}): 1 VM', u.name, u.kind) : vscode.l10n.t('{0} ({1}): {2} VMs', u.name, u.kind, u.vms),
        vscode.l10n.t('CPU: {0} vCPUs on {1} usable pCPUs, overcommit allowed {2}:1', u.vcpus, trim(u.usablePcpus), u.cpuRatioAllowed),
        vscode.l10n.t('Memory: {0} GiB of {1} GiB usable, overcommit allowed {2}:1', trim(u.memoryBytes / GiB), trim(u.usableBytes / GiB), u.memoryRatioAllowed),
    ];
    if (u.overcommitted) lines.push(vscode.l10n.t('Overcommitted beyond what the hypervisor allows.'));
    return lines.join('\n');
}
