// The debugger in VS Code's own debug UI: "vmdef: Debug File" stops on entry, and Step Into
// (the toolbar's command) goes from the guest program into the guest kernel's system call and
// on into the hypervisor's trap handler — the editor follows into the standard library; and
// from a guest kernel's load into the monitor's hidden page fault, with the Memory scope.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exampleFiles, extensionApi, EXTENSION_ID, focusedByWorkbench, openInEditor, screenshot, until } from './helpers.js';

interface StoppedEvent {
    reason: string;
    description?: string;
    threadId: number;
}

interface Frame {
    id: number;
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

    /** "vmdef: Debug File" on an example: the session it starts. */
    async function debugExample(name: string): Promise<{ file: string; session: vscode.DebugSession }> {
        await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === name)!;
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
        return { file, session };
    }

    it('hello-type1.vmdef: guest program → syscall write → trap handler in the standard library', async () => {
        const { file, session } = await debugExample('hello-type1.vmdef');

        const entry = await nextStop(1);
        assert.equal(entry.reason, 'entry');
        let frames = await stack(session, entry.threadId);
        assert.equal(frames[0].name, 'countdown');
        assert.equal(fileOf(frames[0]), file);

        // Step Into as the toolbar does it, until the kernel's `out` traps to the hypervisor.
        const seen: string[] = [];
        let trapped: StoppedEvent | undefined;
        let last = entry;
        for (let step = 2; step <= 6 && !trapped; step++) {
            await focusedByWorkbench(session, last.threadId);
            await vscode.commands.executeCommand('workbench.action.debug.stepInto');
            const stop = await nextStop(step);
            last = stop;
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

    it('paging.vmdef: Step Into from linux page_fault\'s load into the monitor\'s hidden page fault; the Memory scope', async () => {
        // the breakpoint: the directory entry's load in linux's page-fault handler, in the VM under shadow paging;
        // Step In enters the monitor's own page_fault handler (monitors.vmdef, binary translation: a trap)
        const os = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'language', 'stdlib', 'os.vmdef');
        const lines = fs.readFileSync(os, 'utf8').split('\n');
        const handler = lines.findIndex((l) => /fault page_fault\(address, code\)/.test(l));
        const load = lines.findIndex((l, i) => i > handler && /^\s+load r4, \[r3\]/.test(l));
        const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(os), new vscode.Position(load, 0)), true, 'vm.name == "shadow_guest"');
        vscode.debug.addBreakpoints([breakpoint]);
        try {
            const { session } = await debugExample('paging.vmdef');
            const entry = await nextStop(1);
            assert.equal(entry.reason, 'entry');
            await focusedByWorkbench(session, entry.threadId);
            await vscode.commands.executeCommand('workbench.action.debug.continue');
            const hit = await nextStop(2);
            assert.equal(hit.reason, 'breakpoint');
            assert.equal((await stack(session, hit.threadId))[0].line, load + 1);
            // Step In on the stopped vCPU: the toolbar's command acts on the thread VS Code has
            // focused, which after a stop on another thread than the entry's may still be the first
            await session.customRequest('stepIn', { threadId: hit.threadId });
            const work = await nextStop(3);
            assert.match(work.description ?? '', /^hidden page fault at 0x[0-9a-f]+: shadow miss → fill$/);
            const frames = await stack(session, work.threadId);
            assert.deepEqual(frames.slice(0, 2).map((f) => f.name), ['trap page_fault', 'fault page_fault']);
            assert.match(fileOf(frames[0]), /language[\\/]stdlib[\\/]monitors\.vmdef$/);
            assert.equal(frames[1].line, load + 1);
            // the Memory scope of the selected frame: paging, the pCPU's TLB, the work with its walk
            const scopes = (await session.customRequest('scopes', { frameId: frames[0].id })).scopes as { name: string; variablesReference: number }[];
            const memory = scopes.find((s) => s.name === 'Memory');
            assert.ok(memory, `no Memory scope: ${scopes.map((s) => s.name).join(', ')}`);
            const variables = (await session.customRequest('variables', { variablesReference: memory.variablesReference })).variables as { name: string; value: string; variablesReference: number }[];
            const named = new Map(variables.map((v) => [v.name, v]));
            assert.equal(named.get('paging')?.value, 'shadow paging');
            assert.ok((named.get('tlb')?.variablesReference ?? 0) > 0, 'the TLB does not expand');
            assert.equal(named.get('work')?.value, frames[0].name);  // the handler's work, named as its frame
            await screenshot('debugger-memory');
            await vscode.debug.stopDebugging(session);
            await until('the session to end', () => (vscode.debug.activeDebugSession ? undefined : true));
        } finally {
            vscode.debug.removeBreakpoints([breakpoint]);
        }
    });
});
