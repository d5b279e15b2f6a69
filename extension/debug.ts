// Debugging .vmdef files. The debug adapter (debugger/session.ts) runs INLINE in the
// extension host — the same DAP session class that out/debug-adapter.js runs over stdio for
// tests and other editors. Registered here: the inline adapter factory, and a configuration
// provider so that F5 on a .vmdef file with no launch.json debugs that file — together with
// the files connected to it (`files`), as Run File runs them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { samePath } from './connected-files.js';
import { DEBUG_TYPE, debugDocument, fillLaunchDefaults } from './debug-config.js';
import { saveDocuments } from './run-cli.js';
import type { ConnectedFilesOf } from './run-command.js';

export { DEBUG_TYPE };

/**
 * Creates the in-process adapter for every `vmdef` debug session. The session (and the language
 * and simulator it brings along) is loaded on the first debug session, not at activation.
 */
class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
    /** The loaded modules, set up once: every session after the first starts from here. */
    private newSession: Promise<() => vscode.DebugAdapter> | undefined;

    constructor(private readonly stdlib: string) {}

    async createDebugAdapterDescriptor(): Promise<vscode.DebugAdapterDescriptor> {
        this.newSession ??= this.load();
        return new vscode.DebugAdapterInlineImplementation((await this.newSession)());
    }

    private async load(): Promise<() => vscode.DebugAdapter> {
        const [{ setStdlibDirectory }, { useStdlibSnapshotBesideBundle }, { VmdefDebugSession }, { readLaunchFile }, { localeOf, setLocale }] = await Promise.all([
            import('../language/stdlib.js'),
            import('../language/stdlib-snapshot-file.js'),
            import('../debugger/session.js'),
            import('../debugger/read-source.js'),
            import('../l10n/locale.js'),
        ]);
        // the standard library ships beside the bundle (out/ → ../language/stdlib); say so explicitly
        if (fs.existsSync(this.stdlib)) setStdlibDirectory(this.stdlib);
        // and its parse snapshot beside the bundle (language/stdlib-snapshot.ts), read once for all sessions
        useStdlibSnapshotBesideBundle();
        // The session's words (stop descriptions, scopes, Debug Console) in VS Code's display
        // language. The locale is per process, and this process is the extension host, which
        // shows everything in that one language: it is set from vscode.env.language (fixed for
        // the window's life) rather than by each session's `initialize`, which would rewrite
        // shared state on a client's say. A per-session scope (withLocale) cannot work here:
        // the session's messages are written after awaits, when the scope has ended.
        setLocale(localeOf(vscode.env.language));
        return () => new VmdefDebugSession(readLaunchFile, false) as unknown as vscode.DebugAdapter;
    }
}

/**
 * Fills in a launch configuration: none at all (F5 without launch.json) debugs the active
 * .vmdef file; a configuration without `files` gets the files connected to `program`.
 */
class ConfigurationProvider implements vscode.DebugConfigurationProvider {
    constructor(private readonly connected: ConnectedFilesOf) {}

    resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
        return fillLaunchDefaults(folder, config, (document) => document.uri.fsPath);
    }

    /** After `${file}`, `${workspaceFolder}` and the like are replaced: paths are paths now. */
    async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration> {
        // relative paths mean the workspace folder's files (the extension host's cwd is not the workspace)
        const inFolder = (file: unknown) => (typeof file === 'string' && file !== '' && !path.isAbsolute(file) && folder ? path.join(folder.uri.fsPath, file) : file);
        config.program = inFolder(config.program);
        if (Array.isArray(config.files)) config.files = config.files.map(inFolder);
        if (typeof config.program !== 'string' || config.program === '') return config; // the adapter says what is wrong
        if (config.files === undefined) {
            // what the language server knows connects to the program: its hypervisor, hardware, programs
            const connected = await this.connected(vscode.Uri.file(config.program));
            config.files = connected.files.filter((f) => !samePath(f, config.program));
            if (connected.fallback) {
                void vscode.window.showWarningMessage(vscode.l10n.t('vmdef: {0}; debugging {1} without the files connected to it.', connected.fallback, path.basename(config.program)));
            }
        }
        // the adapter reads the files from disk
        if (Array.isArray(config.files)) await saveDocuments([config.program, ...config.files.filter((f): f is string => typeof f === 'string')]);
        return config;
    }
}

/** Registers the inline debug adapter and the configuration provider. */
export function activateDebug(context: vscode.ExtensionContext, connected: ConnectedFilesOf): void {
    const stdlib = vscode.Uri.joinPath(context.extensionUri, 'language', 'stdlib').fsPath;
    context.subscriptions.push(
        vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory(stdlib)),
        vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider(connected)),
    );
}

/**
 * "vmdef: Debug File" and the `Debug` code lens: launch the `vmdef` debugger on the file (the
 * configuration provider adds its connected files).
 */
export function debugFile(uri: vscode.Uri | undefined): Promise<boolean> {
    return debugDocument(uri, (document) => document.uri.fsPath);
}
