// The extension in code-server's web worker extension host, on a workspace of code-server's
// remote disk (`vscode-remote:` URIs, a file system the worker reaches only through
// vscode.workspace.fs): the language server in its own web worker publishes diagnostics, loads
// the folder's other files (a VM's hypervisor in another file) through the client, and Run
// File, the report, Compare with Native and the debugger run the simulator inline. Registered
// by index.ts once mocha's globals exist.
import * as assert from './assert.js';
import * as vscode from 'vscode';
import type { VmdefApi } from '../../../extension/activation.js';

const EXTENSION_ID = 'vmdef.vmdef';

async function extensionApi(): Promise<VmdefApi> {
    const extension = vscode.extensions.getExtension<VmdefApi>(EXTENSION_ID);
    if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
    const api = extension.isActive ? extension.exports : await extension.activate();
    await api.ready;
    return api;
}

function fileUri(name: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('the web suite needs its workspace folder open');
    return vscode.Uri.joinPath(folder.uri, name);
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

/** `// @console VM: TEXT` lines of a file, the text's lines. */
function consoleLines(text: string): string[] {
    return [...text.matchAll(/\/\/[ \t]*@console[ \t]+\w+:[ \t]?(.*)$/gm)].flatMap((m) => m[1].split('\\n').filter(Boolean));
}

/** Run File on `name`; the channel's new text, the file's, and what `vmdef run` printed for it (the runner's `*.cli.txt`). */
async function run(api: VmdefApi, name: string): Promise<{ output: string; text: string; cli: string }> {
    const editor = await vscode.window.showTextDocument(fileUri(name));
    const before = api.getRunOutput().length;
    await vscode.commands.executeCommand('vmdef.runFile', editor.document.uri);
    const cli = new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(name.replace(/\.vmdef$/, '.cli.txt'))));
    return { output: api.getRunOutput().slice(before), text: editor.document.getText(), cli };
}

export function webTests(): void {
    describe('VS Code for the Web (code-server web worker extension host)', () => {
        it('runs in a web worker: no Node process object, the remote folder as a virtual file system', async () => {
            await extensionApi();
            assert.equal(typeof (globalThis as { process?: unknown }).process, 'undefined');
            assert.equal(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function');
            assert.equal(vscode.workspace.workspaceFolders?.[0].uri.scheme, 'vscode-remote');
        });

        it('overcommit.vmdef: the web worker server publishes the annotated diagnostics, with their codes', async () => {
            await extensionApi();
            const uri = fileUri('overcommit.vmdef');
            await vscode.window.showTextDocument(uri);
            const diagnostics = await until('diagnostics of overcommit.vmdef', () => {
                const found = vscode.languages.getDiagnostics(uri);
                return found.some((d) => codeOf(d) === 'cpu-overcommit') ? found : undefined;
            });
            const text = (await vscode.workspace.openTextDocument(uri)).getText();
            text.split('\n').forEach((line, index) => {
                for (const code of /\/\/\s*@expect\s+([\w\s-]+)/.exec(line)?.[1].trim().split(/\s+/) ?? []) {
                    assert.ok(diagnostics.some((d) => codeOf(d) === code && d.range.start.line === index), `line ${index + 1}: ${code} not reported`);
                }
            });
        });

        it('guest.vmdef: its hypervisor in host.vmdef (never opened) resolves: the server read the folder through the client', async () => {
            await extensionApi();
            const uri = fileUri('guest.vmdef');
            await vscode.window.showTextDocument(uri);
            const api = await extensionApi();
            await until('diagnostics of guest.vmdef', () => (api.diagnosticsPublished(uri) ? true : undefined));
            assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith('/host.vmdef')), 'host.vmdef was opened');
            const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
            assert.deepEqual(errors.map((d) => `${codeOf(d)}: ${d.message}`), []);
        });

        it('go to definition of the OS `linux` opens the standard library the extension ships', async () => {
            await extensionApi();
            const editor = await vscode.window.showTextDocument(fileUri('hello-type1.vmdef'));
            const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('vm web: linux'));
            const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
                'vscode.executeDefinitionProvider', editor.document.uri, new vscode.Position(line, 'vm web: li'.length));
            const target = found.map((l) => ('targetUri' in l ? l.targetUri : l.uri).toString());
            const stdlib = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'language', 'stdlib');
            assert.ok(target.length > 0 && target.every((t) => t.startsWith(stdlib.toString() + '/')), `definitions: ${target.join(', ')}`);
            // and the workbench can read it
            const shown = await vscode.window.showTextDocument(vscode.Uri.parse(target[0]));
            assert.match(shown.document.getText(), /\bos linux\b/);
        });

        it('simulate on save in the web worker server: a guest fault in a file of the folder, reported at the instruction', async () => {
            await extensionApi();
            const guest = new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri('guest.vmdef')));
            // its own VM and program (one folder is one system), its first instruction privileged
            const text = guest.replace('vm builder', 'vm faulty').replace(/greet/g, 'greet_fault').replace('mov r1, 2', 'cli');
            const uri = fileUri('fault.vmdef');
            await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
            try {
                const editor = await vscode.window.showTextDocument(uri);
                await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// saved in the browser\n'));
                await editor.document.save();
                const fault = await until('a guest-fault diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'guest-fault'));
                assert.equal(fault.range.start.line, editor.document.getText().split('\n').findIndex((l) => l.trim() === 'cli'));
                assert.match(fault.message, /^VM 'faulty' faulted: #GP/);
            } finally {
                await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
                await vscode.workspace.fs.delete(uri);
                // the deletion reaches the worker through the file watcher, asynchronously: the server
                // clears a deleted file's diagnostics once it has dropped it from the workspace, and
                // only then is the folder one system again for the tests that follow
                await until('the server drops fault.vmdef', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
            }
        });

        it('Run File on hello-type1.vmdef: the console output and the summary, simulated in the extension host', async () => {
            const api = await extensionApi();
            const { output, text, cli } = await run(api, 'hello-type1.vmdef');
            for (const line of consoleLines(text)) assert.ok(output.includes(line), `"${line}" missing from the channel:\n${output}`);
            assert.match(output, /^\$ vmdef run hello-type1\.vmdef$/m);
            // exactly what the command line prints: console, summary, cycle figures
            assert.ok(output.includes(cli), `the channel differs from vmdef run's output.\nchannel:\n${output}\ncli:\n${cli}`);
            assert.match(output, /\[vmdef run finished\]/);
        });

        it('Run File on guest.vmdef: passes host.vmdef along (connected files as URIs)', async () => {
            const api = await extensionApi();
            const { output, text, cli } = await run(api, 'guest.vmdef');
            assert.match(output, /^\$ vmdef run guest\.vmdef host\.vmdef$/m);
            for (const line of consoleLines(text)) assert.ok(output.includes(line), `"${line}" missing from the channel:\n${output}`);
            assert.ok(output.includes(cli), `the channel differs from vmdef run guest.vmdef host.vmdef.\nchannel:\n${output}\ncli:\n${cli}`);
            assert.match(output, /\[vmdef run finished\]/);
        });

        it('Compare with Native on hello-type1.vmdef: compared inline, every technique faithful, the view beside the editor', async () => {
            await extensionApi();
            const uri = fileUri('hello-type1.vmdef');
            await vscode.window.showTextDocument(uri);
            const view = await vscode.commands.executeCommand<vscode.Uri>('vmdef.compareWithNative', uri, 'web');
            assert.ok(view, 'the command showed no comparison');
            const lines = (await vscode.workspace.openTextDocument(view)).getText().split('\n');
            assert.equal(lines[0], 'vmdef compare: VM web');
            for (const technique of ['full', 'binary', 'para', 'hardware']) {
                assert.ok(lines.some((l) => l.startsWith(`${technique}: no divergence from native (`)), lines.join('\n'));
            }
            assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'diverges-from-native').length, 0);
        });

        it('the report of hello-type1.vmdef in a webview, under the policy', async () => {
            const api = await extensionApi();
            await vscode.commands.executeCommand('vmdef.showReport', fileUri('hello-type1.vmdef'));
            const html = await until('the report', () => (api.getReportHtml() !== '' ? api.getReportHtml() : undefined));
            assert.match(html, /Content-Security-Policy/);
            assert.match(html, /hello-type1\.vmdef/);
            assert.doesNotMatch(html, /vmdef-report-error/);
        });

        it('Debug File on hello-type1.vmdef: stops on entry in the file, steps into the hypervisor handler of the built-in standard library', async () => {
            await extensionApi();
            const stops: { reason: string; description?: string; threadId: number }[] = [];
            const tracker = vscode.debug.registerDebugAdapterTrackerFactory('vmdef', {
                createDebugAdapterTracker: () => ({
                    onDidSendMessage: (message: { type: string; event?: string; body?: { reason: string; description?: string; threadId: number } }) => {
                        if (message.type === 'event' && message.event === 'stopped' && message.body) stops.push(message.body);
                    },
                }),
            });
            try {
                const uri = fileUri('hello-type1.vmdef');
                let started: vscode.DebugSession | undefined;
                const listener = vscode.debug.onDidStartDebugSession((s) => (started ??= s));
                assert.equal(await vscode.commands.executeCommand('vmdef.debugFile', uri), true);
                const session = await until('the vmdef debug session', () => started);
                listener.dispose();
                const entry = await until('the entry stop', () => stops[0]);
                assert.equal(entry.reason, 'entry');
                const stack = async (threadId: number) =>
                    ((await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 20 })).stackFrames as { name: string; source?: { path?: string } }[]);
                const top = (await stack(entry.threadId))[0];
                assert.equal(top.name, 'countdown');
                assert.equal(top.source?.path, uri.toString());
                let trapped: { threadId: number } | undefined;
                for (let step = 2; step <= 6 && !trapped; step++) {
                    await vscode.commands.executeCommand('workbench.action.debug.stepInto');
                    const stop = await until(`stop #${step}`, () => stops[step - 1]);
                    if (/^trap: out /.test(stop.description ?? '')) trapped = stop;
                }
                assert.ok(trapped, `no trap to the hypervisor: ${stops.map((s) => s.description ?? s.reason).join(' | ')}`);
                const handler = (await stack(trapped.threadId))[0];
                assert.match(handler.name, /^trap /);
                const stdlib = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'language', 'stdlib', 'monitors.vmdef');
                assert.equal(handler.source?.path, stdlib.toString());
            } finally {
                if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
                tracker.dispose();
            }
        });
    });
}
