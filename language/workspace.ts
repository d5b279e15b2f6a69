// Builds a workspace outside a language server (command line, tests, simulator): the
// standard library plus the given files, linked and validated together as one workspace.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { EmptyFileSystem } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createVmdefServices, type VmdefServices } from './vmdef-module.js';
import { stdlibFiles } from './stdlib.js';
import type { Model } from './generated/ast.js';

export interface SourceFile {
    /** Absolute path, or any unique name for text that has no file. */
    path: string;
    text: string;
}

export interface CheckedWorkspace {
    services: VmdefServices;
    /** The user's documents, in the order given. */
    documents: LangiumDocument<Model>[];
    /** The standard library's documents. */
    stdlib: LangiumDocument<Model>[];
}

let cachedStdlib: SourceFile[] | undefined;

function stdlibSources(): SourceFile[] {
    cachedStdlib ??= stdlibFiles().map((file) => ({ path: file, text: fs.readFileSync(file, 'utf8') }));
    return cachedStdlib;
}

export function createServices(): VmdefServices {
    return createVmdefServices(EmptyFileSystem).Vmdef;
}

/** Parses, links and validates `files` together with the standard library. */
export async function checkWorkspace(files: SourceFile[], services: VmdefServices = createServices()): Promise<CheckedWorkspace> {
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = services.shared.workspace.LangiumDocuments;
    const make = (file: SourceFile) => {
        const doc = factory.fromString<Model>(file.text, toUri(file.path));
        documents.addDocument(doc);
        return doc;
    };
    const stdlib = stdlibSources().map(make);
    const user = files.map(make);
    await services.shared.workspace.DocumentBuilder.build([...stdlib, ...user], { validation: true });
    return { services, documents: user, stdlib };
}

export function toUri(path: string): URI {
    return path.includes('://') ? URI.parse(path) : URI.file(nodePath.resolve(path));
}

export function diagnosticsOf(document: LangiumDocument): Diagnostic[] {
    return document.diagnostics ?? [];
}

export function hasErrors(workspace: CheckedWorkspace): boolean {
    return [...workspace.documents, ...workspace.stdlib].some((d) => diagnosticsOf(d).some((x) => x.severity === 1));
}
