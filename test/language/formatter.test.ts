import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormattingOptions, Range } from 'vscode-languageserver';
import { URI } from 'langium';
import { createServices } from '../../language/workspace.js';
import { stdlibFiles } from '../../language/stdlib.js';

const OPTIONS: FormattingOptions = { tabSize: 4, insertSpaces: true };
const services = createServices();
let counter = 0;

async function edits(text: string, range?: Range) {
    // Formatting needs only the parse: no workspace, no linking.
    const doc = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/fmt/f${counter++}.vmdef`));
    const formatter = services.lsp.Formatter!;
    const params = { textDocument: { uri: doc.uri.toString() }, options: OPTIONS };
    return range ? formatter.formatDocumentRange(doc, { ...params, range }) : formatter.formatDocument(doc, params);
}

async function format(text: string, range?: Range): Promise<string> {
    return TextDocument.applyEdits(TextDocument.create('file:///x.vmdef', 'vmdef', 1, text), await edits(text, range));
}

const examplesDir = '/work/shared/examples';
const houseStyle = [
    ...fs.readdirSync(examplesDir).filter((f) => f.endsWith('.vmdef')).map((f) => path.join(examplesDir, f)),
    ...stdlibFiles(),
];

describe('formatter', () => {
    it.each(houseStyle)('leaves %s unchanged', async (file) => {
        const text = fs.readFileSync(file, 'utf8');
        expect(await edits(text)).toEqual([]);
    });
});
