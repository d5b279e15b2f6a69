// Issue 15 in the real VS Code: the memory view's bytes (readMemory through the session VS Code
// runs: the hex editor's UI cannot be driven here), the Disassembly view with what the binary
// translator made of the guest code (`⇒` rows), and "vmdef: Compare with Native" marking the
// classic Popek–Goldberg instruction with both values and showing the two states side by side.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, exampleFiles, extensionApi, EXTENSION_ID, focusedByWorkbench, lineOf, openInEditor, screenshot, until } from './helpers.js';

interface StoppedEvent {
    reason: string;
    threadId: number;
}

interface Variable {
    name: string;
    value: string;
    memoryReference?: string;
}

interface Disassembled {
    instruction: string;
    presentationHint?: string;
}

const MEMORY = `hardware box { cpu 1 cores memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full }
vm counter on hv { vcpus 1 memory 1 MiB devices com1 run count }
program count {
    mov r2, 4096
    mov r1, 7
    store [r2], r1
    mov r1, 0
    load r3, [r2]
    out com1, r3
    hlt
}
`;

const registered = () => (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes?.debuggers ?? []).some((d: { type: string }) => d.type === 'vmdef');

describe('issue 15 in VS Code: memory, disassembly, compare with native', () => {
    const stops: StoppedEvent[] = [];
    /** The Disassembly view's own `disassemble` answers, as the workbench received them. */
    const disassembled: Disassembled[][] = [];
    let tracker: vscode.Disposable | undefined;

    before(function () {
        if (!registered()) this.skip();
        tracker = vscode.debug.registerDebugAdapterTrackerFactory('vmdef', {
            createDebugAdapterTracker: () => ({
                onDidSendMessage: (message: { type: string; event?: string; command?: string; success?: boolean; body?: { instructions?: Disassembled[] } & StoppedEvent }) => {
                    if (message.type === 'event' && message.event === 'stopped' && message.body) stops.push(message.body);
                    if (message.type === 'response' && message.command === 'disassemble' && message.success && message.body?.instructions) disassembled.push(message.body.instructions);
                },
            }),
        });
    });

    afterEach(async () => {
        if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
        await until('the session to end', () => (vscode.debug.activeDebugSession ? undefined : true));
    });

    after(() => tracker?.dispose());

    /** Starts `config` and waits for its first stop. */
    async function startAndStop(config: { name: string; program: string; stopOnEntry: boolean }): Promise<{ session: vscode.DebugSession; stop: StoppedEvent }> {
        await until('no debug session left', () => (vscode.debug.activeDebugSession ? undefined : true));
        stops.length = 0;
        let started: vscode.DebugSession | undefined;
        const listener = vscode.debug.onDidStartDebugSession((s) => (started ??= s));
        try {
            assert.equal(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], { type: 'vmdef', request: 'launch', ...config }), true);
            const session = await until('the vmdef debug session', () => started);
            const stop = await until('the first stop', () => stops[0], 20_000);
            return { session, stop };
        } finally {
            listener.dispose();
        }
    }

    it('the memory view: a register’s memory reference opens the guest memory, and the bytes are the stored word', async () => {
        await extensionApi();
        // a guest that stores 7 at 0x1000 (r2) and loads it back: stop just before the load
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-e2e-memory-')), 'memory.vmdef');
        fs.writeFileSync(file, MEMORY);
        const document = await vscode.workspace.openTextDocument(file);
        const load = new vscode.SourceBreakpoint(new vscode.Location(document.uri, new vscode.Position(lineOf(document, /load r3, \[r2\]/), 0)));
        vscode.debug.addBreakpoints([load]);
        try {
            const { session, stop } = await startAndStop({ name: 'memory view', program: file, stopOnEntry: false });
            assert.equal(stop.reason, 'breakpoint');
            const frames = (await session.customRequest('stackTrace', { threadId: stop.threadId })).stackFrames as { id: number }[];
            const scopes = (await session.customRequest('scopes', { frameId: frames[0].id })).scopes as { name: string; variablesReference: number }[];
            const registers = scopes.find((s) => s.name === 'Registers');
            assert.ok(registers, `no Registers scope: ${scopes.map((s) => s.name).join(', ')}`);
            const variables = (await session.customRequest('variables', { variablesReference: registers.variablesReference })).variables as Variable[];
            const r2 = variables.find((v) => v.name === 'r2');
            // the workbench offers "View Binary Data" on a variable with a memory reference
            assert.equal(r2?.memoryReference, 'vm:counter:0x1000');
            const memory = await session.customRequest('readMemory', { memoryReference: r2.memoryReference, offset: 0, count: 8 });
            assert.equal(memory.address, '0x1000');
            assert.deepEqual([...Buffer.from(memory.data, 'base64')], [7, 0, 0, 0, 0, 0, 0, 0]);
        } finally {
            vscode.debug.removeBreakpoints([load]);
        }
    });

    it('the Disassembly view: the guest code around pc with the binary translator’s JavaScript (⇒)', async () => {
        await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'hello-type1.vmdef')!;
        await openInEditor(file);
        disassembled.length = 0;
        const { session, stop } = await startAndStop({ name: 'disassembly', program: file, stopOnEntry: true });
        assert.equal(stop.reason, 'entry');
        const frames = (await session.customRequest('stackTrace', { threadId: stop.threadId })).stackFrames as { name: string; instructionPointerReference?: string }[];
        assert.equal(frames[0].name, 'countdown');
        const pc = frames[0].instructionPointerReference;
        assert.match(pc ?? '', /^0x[0-9a-f]+$/);
        const rows = (await session.customRequest('disassemble', { memoryReference: pc, instructionOffset: 0, instructionCount: 4, resolveSymbols: true })).instructions as Disassembled[];
        assert.deepEqual(rows.slice(0, 2).map((r) => r.instruction), ['mov r1, 3    ⇒ r1 = 3;', 'syscall write(com1, r1)    ⇢ syscall: user → kernel (write)']);
        assert.ok(rows.some((r) => /^dec r1 {4}⇒ r1 = /.test(r.instruction)), rows.map((r) => r.instruction).join('\n'));

        // the workbench's own view asks the adapter (for the frame it has focused) and receives the translated rows
        await focusedByWorkbench(session, stop.threadId);
        await vscode.commands.executeCommand('debug.action.openDisassemblyView');
        const shown = await until('the Disassembly view’s rows', () => disassembled.flat().find((r) => r.instruction.startsWith('mov r1, 3    ⇒')), 20_000);
        assert.equal(shown.instruction, 'mov r1, 3    ⇒ r1 = 3;');
        await screenshot('disassembly');
    });

    it('vmdef: Compare with Native marks the pushf of popek-goldberg’s broken VM and shows both states side by side', async () => {
        await extensionApi();
        const file = exampleFiles().find((f) => path.basename(f) === 'popek-goldberg.vmdef')!;
        const editor = await openInEditor(file);
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
        const lens = lenses.find((l) => l.command?.command === 'vmdef.compareWithNative' && l.command.arguments?.[1] === 'broken');
        assert.ok(lens, 'no Compare with Native lens on vm broken');
        assert.equal(lens.range.start.line, lineOf(editor.document, /^vm broken /));

        const view = await vscode.commands.executeCommand<vscode.Uri>(lens.command!.command, ...lens.command!.arguments!);
        assert.ok(view, 'the command showed no comparison');
        const pushf = lineOf(editor.document, /^\s+pushf\b/);
        const marked = await until('the diverges-from-native warning', () =>
            vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'vmdef compare' && codeOf(d) === 'diverges-from-native'));
        assert.equal(marked.range.start.line, pushf);
        assert.equal(marked.severity, vscode.DiagnosticSeverity.Warning);
        assert.match(marked.message, /^VM 'broken' diverges from native here under full, para: \[0xffffc\] is 514, natively 2 /);

        const table = (await vscode.workspace.openTextDocument(view)).getText().split('\n');
        assert.equal(table[0], 'vmdef compare: VM broken');
        assert.ok(table.includes('full: diverges from native after `pushf` at popek-goldberg.vmdef:41'), table.join('\n'));
        assert.ok(table.some((l) => /^≠ \[0xffffc\]\s+2\s+514 \(0x202\)$/.test(l)), table.join('\n'));
        assert.ok(table.some((l) => /^binary: no divergence from native/.test(l)), table.join('\n'));
        // the view is beside the editor, read-only
        assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === view.toString()));
        await screenshot('compare-with-native');
    });

    it('a line the command marked shows one diverges-from-native warning, not the on-save check’s as well', async () => {
        await extensionApi();
        // a file of its own: the on-save check needs a save, and the examples stay untouched
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-e2e-compare-'));
        const file = path.join(dir, 'broken.vmdef');
        fs.writeFileSync(file, [
            'hardware pc { cpu 1 cores memory 1 GiB device com1: serial }',
            'hypervisor classic: type1 on pc { virtualization full }',
            'vm broken on classic { vcpus 1 memory 1 MiB devices com1 run kernel }',
            'program kernel {',
            '    cli',
            '    pushf',
            '    sti',
            '    popf',
            '    out com1, "ok\\n"',
            '    hlt',
            '}',
            '',
        ].join('\n'));
        try {
            const editor = await openInEditor(file);
            const divergences = () => vscode.languages.getDiagnostics(editor.document.uri).filter((d) => codeOf(d) === 'diverges-from-native');
            await editor.edit((edit) => edit.insert(new vscode.Position(11, 0), '// saved\n'));
            assert.ok(await editor.document.save());
            const onSave = await until('the on-save check’s warning', () => divergences().find((d) => /under full:/.test(d.message)));
            assert.equal(onSave.range.start.line, 5);

            await vscode.commands.executeCommand('vmdef.compareWithNative', editor.document.uri, 'broken');
            const shown = await until('the command’s warning alone on the pushf', () => {
                const list = divergences();
                return list.length === 1 && /under full, para:/.test(list[0].message) ? list[0] : undefined;
            });
            assert.equal(shown.range.start.line, 5);
        } finally {
            await vscode.commands.executeCommand('workbench.action.files.revert');
            await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
