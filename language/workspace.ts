// Builds a workspace outside a language server (command line, tests, simulator): the
// standard library plus the given files, linked and validated together as one workspace.
import * as nodePath from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { EmptyFileSystem } from 'langium';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createVmdefServices, type VmdefServices } from './vmdef-module.js';
import { readStdlibFile, stdlibFiles } from './stdlib.js';
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
    cachedStdlib ??= stdlibFiles().map((file) => ({ path: file, text: readStdlibFile(file) }));
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

/** The one test of "is this an error" (LSP severity 1), for every caller that refuses on errors. */
export function isError(diagnostic: Diagnostic): boolean {
    return diagnostic.severity === DiagnosticSeverity.Error;
}

/** Whether any of `documents` has an error (pass `workspace.documents` for the user's files). */
export function hasErrors(documents: readonly LangiumDocument[]): boolean {
    return documents.some((d) => diagnosticsOf(d).some(isError));
}
