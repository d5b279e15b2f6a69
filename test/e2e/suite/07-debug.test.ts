// The debugger in VS Code's own debug UI: "vmdef: Debug File" stops on entry, and Step Into
// (the toolbar's command) goes from the guest program into the guest kernel's system call and
// on into the hypervisor's trap handler — the editor follows into the standard library.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exampleFiles, extensionApi, EXTENSION_ID, openInEditor, screenshot, until } from './helpers.js';

interface StoppedEvent {
    reason: string;
    description?: string;
    threadId: number;
}

interface Frame {
    name: string;
    line: number;
    source?: { path?: string };
}

/** A frame's file. In code-server the workbench hands paths back as `vscode-remote://` URIs. */
function fileOf(frame: Frame): string {
    const p = frame.source?.path ?? '';
    return p.includes('://') ? vscode.Uri.parse(p).fsPath : p;
}

const registered = () => (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes?.debuggers ?? []).some((d: { type: string }) => d.type === 'vmdef');

describe('debugger: step into the hypervisor', () => {
    const stops: StoppedEvent[] = [];
    let tracker: vscode.Disposable | undefined;

    before(function () {
        if (!registered()) this.skip(); // no `vmdef` debugger contributed: 06-commands checks VS Code's refusal
        tracker = vscode.debug.registerDebugAdapterTrackerFactory('vmdef', {
            createDebugAdapterTracker: () => ({
                onDidSendMessage: (message: { type: string; event?: string; body?: StoppedEvent }) => {
                    if (message.type === 'event' && message.event === 'stopped' && message.body) stops.push(message.body);
                },
            }),
        });
    });

    after(async () => {
        if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
        tracker?.dispose();
    });

    async function nextStop(count: number): Promise<StoppedEvent> {
        return until(`stop #${count} of the debugger`, () => (stops.length >= count ? stops[count - 1] : undefined), 20_000);
    }

    async function stack(session: vscode.DebugSession, threadId: number): Promise<Frame[]> {
        const response = await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 20 });
        return response.stackFrames as Frame[];
    }

    it('hello-type1.vmdef: guest program → syscall write → trap handler in the standard library', async () => {
        await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'hello-type1.vmdef')!;
        const editor = await openInEditor(file);
        // a session of an earlier test still ending is not ours: wait for it, then take the one we start
        await until('no debug session left', () => (vscode.debug.activeDebugSession ? undefined : true));
        stops.length = 0;
        let started: vscode.DebugSession | undefined;
        const listener = vscode.debug.onDidStartDebugSession((s) => (started ??= s));
        assert.equal(await vscode.commands.executeCommand('vmdef.debugFile', editor.document.uri), true);
        const session = await until('the vmdef debug session', () => started);
        listener.dispose();
        assert.equal(session.type, 'vmdef');

        const entry = await nextStop(1);
        assert.equal(entry.reason, 'entry');
        let frames = await stack(session, entry.threadId);
        assert.equal(frames[0].name, 'countdown');
        assert.equal(fileOf(frames[0]), file);

        // Step Into as the toolbar does it, until the kernel's `out` traps to the hypervisor.
        const seen: string[] = [];
        let trapped: StoppedEvent | undefined;
        for (let step = 2; step <= 6 && !trapped; step++) {
            await vscode.commands.executeCommand('workbench.action.debug.stepInto');
            const stop = await nextStop(step);
            seen.push(stop.description ?? stop.reason);
            if (/^trap: out /.test(stop.description ?? '')) trapped = stop;
        }
        assert.ok(trapped, `no trap to the hypervisor after stepping in; stops: ${seen.join(' | ')}`);
        frames = await stack(session, trapped.threadId);
        const names = frames.map((f) => f.name);
        assert.match(names[0], /^trap /);
        assert.deepEqual(names.slice(-2), ['syscall write', 'countdown']);
        const handlerSource = fileOf(frames[0]);
        assert.match(handlerSource, /language[\\/]stdlib[\\/]monitors\.vmdef$/);
        assert.ok(seen.some((s) => /user → kernel/.test(s)), `the syscall was not a stop of its own: ${seen.join(' | ')}`);

        // The workbench follows: the standard library's handler is open at the stopped line.
        const shown = await until('the editor at the hypervisor handler', () => {
            const active = vscode.window.activeTextEditor;
            return active && active.document.uri.fsPath === handlerSource ? active : undefined;
        });
        assert.equal(shown.selection.active.line + 1, frames[0].line);
        await screenshot('debugger');

        await vscode.debug.stopDebugging(session);
        await until('the session to end', () => (vscode.debug.activeDebugSession ? undefined : true));
    });
});
