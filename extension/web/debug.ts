// Debugging in VS Code for the Web: the same DAP session as on the desktop (debugger/session.ts),
// inline in the extension host, behind a translation of file names (debug-paths.ts). The session
// reads its files synchronously, so the configuration provider reads them first, through
// vscode.workspace.fs (or the open editors), and the session's reader takes them from there.
import * as vscode from 'vscode';
import { VmdefDebugSession } from '../../debugger/session.js';
import { fillLaunchDefaults, DEBUG_TYPE, debugDocument } from '../debug-config.js';
import type { ConnectedFilesOf } from '../run-command.js';
import { UriTranslatingAdapter, type InlineAdapter } from './debug-paths.js';
import { readWorkspaceText } from './workspace-files.js';

/** What the last launch configuration read: each file's path, its URI, and its text or why none. */
const launched = new Map<string, { uri: vscode.Uri; text?: string; error?: string }>();

function readLaunched(path: string): string {
    const file = launched.get(path);
    if (file?.text !== undefined) return file.text;
    throw new Error(file?.error ?? vscode.l10n.t('{0}: not read before the launch', path));
}

/**
 * The URI of a path the session names: a launched file's, the standard library's inside the
 * extension (`stdlib`), else one beside the program (the same file system).
 */
function uriOfPath(path: string, stdlib: vscode.Uri): vscode.Uri {
    const file = launched.get(path);
    if (file) return file.uri;
    if (path.startsWith(stdlib.path + '/')) return stdlib.with({ path });
    const any = launched.values().next().value;
    return any ? any.uri.with({ path }) : vscode.Uri.file(path);
}

class WebAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
    constructor(private readonly stdlib: vscode.Uri) {}

    createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
        // the locale is the extension host's, set at activation (extension.browser.ts)
        const session = new VmdefDebugSession(readLaunched, false) as unknown as InlineAdapter;
        return new vscode.DebugAdapterInlineImplementation(new UriTranslatingAdapter(session, (path) => uriOfPath(path, this.stdlib)));
    }
}

/** A launch configuration's file: a URI, a path on the folder's file system, or a path relative to the folder. */
function toUri(file: unknown, folder: vscode.WorkspaceFolder | undefined): vscode.Uri | undefined {
    if (typeof file !== 'string' || file === '') return undefined;
    if (/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(file)) return vscode.Uri.parse(file);
    const base = folder?.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!base) return undefined;
    return file.startsWith('/') ? base.with({ path: file }) : vscode.Uri.joinPath(base, file);
}

class WebConfigurationProvider implements vscode.DebugConfigurationProvider {
    constructor(private readonly connected: ConnectedFilesOf) {}

    resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
        return fillLaunchDefaults(folder, config, (document) => document.uri.toString());
    }

    async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration> {
        const program = toUri(config.program, folder);
        if (!program) return config; // the adapter says what is wrong
        let others: vscode.Uri[];
        if (Array.isArray(config.files)) {
            others = config.files.map((f: unknown) => toUri(f, folder)).filter((u: vscode.Uri | undefined): u is vscode.Uri => u !== undefined);
        } else {
            const connected = await this.connected(program);
            others = connected.files.map((f) => vscode.Uri.parse(f)).filter((u) => u.toString() !== program.toString());
            if (connected.fallback) {
                void vscode.window.showWarningMessage(vscode.l10n.t('vmdef: {0}; debugging {1} without the files connected to it.', connected.fallback, vscode.workspace.asRelativePath(program)));
            }
        }
        launched.clear();
        for (const uri of [program, ...others]) {
            const entry: { uri: vscode.Uri; text?: string; error?: string } = { uri };
            await readWorkspaceText(uri).then((text) => (entry.text = text), (e: unknown) => (entry.error = e instanceof Error ? e.message : String(e)));
            launched.set(uri.path, entry);
        }
        config.program = program.path;
        config.files = others.map((u) => u.path);
        return config;
    }
}

export function activateWebDebug(context: vscode.ExtensionContext, connected: ConnectedFilesOf, stdlib: vscode.Uri): void {
    context.subscriptions.push(
        vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new WebAdapterFactory(stdlib)),
        vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new WebConfigurationProvider(connected)),
    );
}

/** "vmdef: Debug File" on the web: the program is the document's URI (debug-paths.ts maps it). */
export function debugFileWeb(uri: vscode.Uri | undefined): Promise<boolean> {
    return debugDocument(uri, (document) => document.uri.toString());
}
