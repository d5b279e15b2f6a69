// The on-save registry and publisher (server/on-save.ts), in process: union with the regular
// diagnostics, dropped on edit, cancelled by an edit during the run, a failing check isolated,
// the standard library never published.
import { URI } from 'langium';
import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { editorWorkspace } from '../../language/workspace.js';
import { stdlibFiles } from '../../language/stdlib.js';
import { DiagnosticsPublisher, OnSaveRunner, registerOnSaveCheck } from '../../server/on-save.js';
import { unusedDeclarationCheck } from '../../server/unused-declaration.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';

const TEXT = 'hardware h { cpu 4 cores memory 8 GiB device com1: serial } hypervisor x1: type1 on h\n'
    + 'vm a: linux on x1 { vcpus 1 memory 1 GiB run p } program p { nop } program spare { nop }';

const hint = (message: string): Diagnostic => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message, code: 'test-on-save', severity: 4,
});

async function setUp() {
    const services = createLspServices();
    const uri = URI.file('/on-save/main.vmdef').toString();
    services.shared.workspace.TextDocuments!.set(TextDocument.create(uri, 'vmdef', 1, TEXT));
    await editorWorkspace([{ path: uri, text: TEXT }], services);
    const sent: PublishDiagnosticsParams[] = [];
    const publisher = new DiagnosticsPublisher({ sendDiagnostics: async (p) => void sent.push(p) });
    const logged: string[] = [];
    const runner = new OnSaveRunner(services.shared, publisher, (m) => logged.push(m));
    const codesSent = () => sent.at(-1)!.diagnostics.map((d) => String(d.code)).sort();
    return { services, uri, sent, publisher, runner, logged, codesSent };
}

const unregister: Array<() => void> = [];
afterEach(() => unregister.splice(0).forEach((f) => f()));

describe('on-save checks', () => {
    it('publishes the union with the regular diagnostics and drops the on-save part on the next edit', async () => {
        const { uri, publisher, runner, sent, codesSent } = await setUp();
        unregister.push(registerOnSaveCheck(unusedDeclarationCheck));
        await publisher.publishRegular(uri, [{ ...hint('regular'), code: 'regular' }]);
        await runner.saved(uri);
        expect(codesSent()).toEqual(['regular', 'unused-declaration', 'unused-declaration']);
        expect(sent.at(-1)!.diagnostics.filter((d) => d.code === 'unused-declaration').map((d) => d.message).sort())
            .toEqual(["device 'com1' of 'h' is named by no VM", "program 'spare' is not run by any VM"]);
        runner.changed(uri);
        expect(codesSent()).toEqual(['regular']);
    });

    it('cancels a run when the document changes under it, and publishes nothing from it', async () => {
        const { uri, runner, sent } = await setUp();
        let started!: () => void;
        const running = new Promise<void>((resolve) => (started = resolve));
        let sawCancel = false;
        unregister.push(registerOnSaveCheck({
            name: 'slow',
            async run(_document, _services, token) {
                started();
                for (let i = 0; i < 200 && !token.isCancellationRequested; i++) await new Promise((r) => setTimeout(r, 5));
                sawCancel = token.isCancellationRequested;
                return [hint('from the slow check')];
            },
        }));
        const saved = runner.saved(uri);
        await running;
        runner.changed(uri);
        await saved;
        expect(sawCancel).toBe(true);
        expect(sent.some((p) => p.diagnostics.some((d) => d.message === 'from the slow check'))).toBe(false);
    });

    it('keeps the other checks when one throws, and logs it', async () => {
        const { uri, runner, logged, sent } = await setUp();
        unregister.push(registerOnSaveCheck({ name: 'broken', run: async () => { throw new Error('boom'); } }));
        unregister.push(registerOnSaveCheck({ name: 'fine', run: async () => [hint('fine')] }));
        await runner.saved(uri);
        expect(sent.at(-1)!.diagnostics.map((d) => [d.message, d.source])).toEqual([['fine', 'fine']]);
        expect(logged).toEqual(["on-save check 'broken' failed: boom"]);
    });

    it('waits for the rebuild of an edit that came just before the save', async () => {
        const { services, uri, runner } = await setUp();
        const seen: string[] = [];
        unregister.push(registerOnSaveCheck({
            name: 'sees',
            async run(document) {
                seen.push(document.parseResult.value.$cstNode!.root.fullText);
                return [];
            },
        }));
        // As in the server: the document holds the client's TextDocument, which an edit updates in place.
        const textDocument = services.shared.workspace.TextDocuments!.get(uri)!;
        await services.shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
        expect(services.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))!.textDocument).toBe(textDocument);
        const edited = TEXT.replace('program spare { nop }', 'program spare { nop nop }');
        TextDocument.update(textDocument, [{ text: edited }], 2);
        const saved = runner.saved(uri);
        await new Promise((r) => setTimeout(r, 20));
        expect(seen).toEqual([]); // the tree is still the old one: the check must not run on it
        await services.shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
        await saved;
        expect(seen).toEqual([edited]);
    });

    it('never publishes the standard library, neither regular nor on save', async () => {
        const { runner, publisher, sent } = await setUp();
        unregister.push(registerOnSaveCheck({ name: 'fine', run: async () => [hint('fine')] }));
        const stdlibUri = URI.file(stdlibFiles()[0]).toString();
        await publisher.publishRegular(stdlibUri, [hint('x')]);
        await runner.saved(stdlibUri);
        expect(sent).toEqual([]);
    });

    it('never publishes half a UTF-16 surrogate pair: each becomes U+FFFD, whole characters stay', async () => {
        const { publisher, sent, uri } = await setUp();
        const broken = { ...hint('unexpected character: ->\ud83d<- and ->\ude00<-'), relatedInformation: [
            { location: { uri, range: hint('').range }, message: 'tail \udbff' },
        ] };
        await publisher.publishRegular(uri, [broken, hint('whole: \ud83d\ude00')]);
        const [first, second] = sent.at(-1)!.diagnostics;
        expect(first.message).toBe('unexpected character: ->\ufffd<- and ->\ufffd<-');
        expect(first.relatedInformation![0].message).toBe('tail \ufffd');
        expect(second.message).toBe('whole: \u{1F600}');
        // what goes over the wire is JSON any strict decoder accepts
        expect(JSON.stringify(sent.at(-1))).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
    });
});
