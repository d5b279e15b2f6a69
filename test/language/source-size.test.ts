// A source over MAX_SOURCE_CHARS is not parsed (its syntax tree would need more than 1 GB):
// one error, file-too-large at 1:1, and nothing else (language/source-size.ts). A file at the
// limit is parsed as usual. The language server's re-parse of a document drops the old tree
// before building the new one, so a large document's tree is never held twice.
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'langium';
import { MAX_SOURCE_CHARS } from '../../language/limits.js';
import { editorWorkspace } from '../../language/workspace.js';
import { check, expectClean } from './check-helper.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';

const HARDWARE = 'hardware h { cpu 1 cores memory 1 GiB }\n';

/** `head`, then a block comment filling the text up to `length` characters (one token: cheap to parse). */
function padded(head: string, length: number): string {
    return `${head}/*${'x'.repeat(length - head.length - 4)}*/`;
}

describe('file-too-large', () => {
    it('one character over the limit: file-too-large at 1:1, the only diagnostic, and the file is not parsed', async () => {
        // errors everywhere (an unknown hypervisor, on every line): none is reported
        const text = 'vm broken on nowhere\n'.repeat(Math.ceil((MAX_SOURCE_CHARS + 1) / 21));
        const checked = await check(text);
        expect(checked.diagnostics['main.vmdef']).toEqual([{
            severity: 1, code: 'file-too-large',
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            message: `this file is too large to check (${text.length.toLocaleString('en-US')} characters; a file holds at most 2,621,440 characters): split it into several files of one folder`,
        }]);
        const document = checked.workspace.documents[0];
        expect(document.parseResult.value.elements).toEqual([]);
        expect(document.parseResult.value.$cstNode?.root.content.length).toBe(0);
        // the document still stands for the whole text (positions, and Langium sees it as current)
        expect(document.textDocument.getText()).toBe(text);
        expect(document.parseResult.value.$cstNode?.root.fullText).toBe(text);
    });

    it('exactly at the limit the file is parsed and checked as usual', async () => {
        const text = padded(HARDWARE, MAX_SOURCE_CHARS);
        expect(text.length).toBe(MAX_SOURCE_CHARS);
        const checked = await check(text);
        expectClean(checked);
        expect(checked.workspace.documents[0].parseResult.value.elements.map((e) => e.$type)).toEqual(['Hardware']);
        const over = await check(padded(HARDWARE, MAX_SOURCE_CHARS + 1));
        expect(over.diagnostics['main.vmdef'].map((d) => d.code)).toEqual(['file-too-large']);
    });
});

describe('editing a document in the language server', () => {
    /** The services of a server with one open document; `edit` replaces its text and rebuilds. */
    async function openDocument(text: string) {
        const services = createLspServices();
        const shared = services.shared;
        const uri = URI.file('/workspace/big.vmdef');
        let version = 1;
        shared.workspace.TextDocuments!.set(TextDocument.create(uri.toString(), 'vmdef', version, text));
        const document = (await editorWorkspace([{ path: uri.toString(), text }], services)).documents[0];
        const edit = async (next: string) => {
            shared.workspace.TextDocuments!.set(TextDocument.create(uri.toString(), 'vmdef', ++version, next));
            await shared.workspace.DocumentBuilder.update([uri], []);
        };
        return { services, document, edit };
    }

    it('a full re-parse does not hold the old tree: the document is emptied before the new tree is built', async () => {
        // a syntax error, so the edit is parsed in full (incremental parsing needs an error-free tree)
        const { services, document, edit } = await openDocument(`${HARDWARE}vm v on\n`);
        const oldRoot = document.parseResult.value.$cstNode!.root;
        const parser = services.parser.LangiumParser;
        const parse = parser.parse.bind(parser);
        const seen: unknown[] = [];
        parser.parse = ((text: string, options?: object) => {
            if (text.startsWith(HARDWARE)) seen.push(document.parseResult.value.$cstNode?.root);
            return parse(text, options);
        }) as typeof parser.parse;
        await edit(`${HARDWARE}vm w on\n`);
        expect(seen).toEqual([undefined]);
        expect(document.parseResult.value.$cstNode!.root).not.toBe(oldRoot);
        expect(document.parseResult.value.$cstNode!.root.fullText).toBe(`${HARDWARE}vm w on\n`);
        expect(document.diagnostics?.map((d) => d.code)).toContain('syntax-error');
    });

    it('a paste that takes a document over the limit: file-too-large; cut back under it: checked again', async () => {
        const { document, edit } = await openDocument(HARDWARE);
        expect(document.diagnostics).toEqual([]);
        await edit(padded(HARDWARE, MAX_SOURCE_CHARS + 1));
        expect(document.diagnostics?.map((d) => d.code)).toEqual(['file-too-large']);
        expect(document.parseResult.value.elements).toEqual([]);
        await edit(`${HARDWARE}hardware g { cpu 1 cores }\n`);
        expect(document.diagnostics?.map((d) => d.code)).toEqual(['no-memory']);
        expect(document.parseResult.value.elements.map((e) => (e as { name?: string }).name)).toEqual(['h', 'g']);
    });
});
