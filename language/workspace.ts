// Builds a workspace outside a language server (command line, tests, simulator): the
// standard library plus the given files, linked and validated together as one workspace.
import * as nodePath from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { EmptyFileSystem } from 'langium';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createVmdefServices, type VmdefServices } from './vmdef-module.js';
import { readStdlibFile, stdlibFiles } from './stdlib.js';
import { libraryFilesUsed } from './stdlib-use.js';
import type { VmdefBuildOptions } from './perf/document-builder.js';
import type { Model } from './generated/ast.js';

export interface SourceFile {
    /** Absolute path, or any unique name for text that has no file. */
    path: string;
    text: string;
}

export interface CheckedWorkspace<S extends VmdefServices = VmdefServices> {
    services: S;
    /** The user's documents, in the order given. */
    documents: LangiumDocument<Model>[];
    /** The standard library's documents: the files the user's files use (stdlib-use.ts). */
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

/**
 * Parses, links and validates `files` together with the standard library files they use
 * (stdlib-use.ts: an OS file only when one of its OSes is named). Should a reference of theirs
 * not resolve, they are checked again with the whole library, so that what a misspelt name is
 * told ("did you mean `linux`?") is the same as in the editor. A one-shot build
 * (language/perf/document-builder.ts): the command line's, a debug launch's.
 */
export function checkWorkspace<S extends VmdefServices = VmdefServices>(files: SourceFile[], services?: S, library: 'used' | 'whole' = 'used'): Promise<CheckedWorkspace<S>> {
    return check(files, services ?? (createServices() as S), library, { validation: true, oneShot: true });
}

/**
 * As checkWorkspace, built as the language server builds (every document linked and its
 * references indexed up front), for tests and benchmarks that go on to edit it as an editor does.
 */
export function editorWorkspace<S extends VmdefServices>(files: SourceFile[], services: S, library: 'used' | 'whole' = 'used'): Promise<CheckedWorkspace<S>> {
    return check(files, services, library, { validation: true });
}

async function check<S extends VmdefServices>(files: SourceFile[], services: S, library: 'used' | 'whole', options: VmdefBuildOptions): Promise<CheckedWorkspace<S>> {
    const whole = stdlibSources();
    const used = library === 'whole' ? whole : libraryFilesUsed(whole, files.map((f) => f.text));
    const workspace = await buildWorkspace(used, files, services, options);
    if (used.length === whole.length || !hasUnresolvedReferences(workspace.documents)) return workspace;
    forget(workspace, services);
    return buildWorkspace(whole, files, services, options);
}

async function buildWorkspace<S extends VmdefServices>(library: SourceFile[], files: SourceFile[], services: S, options: VmdefBuildOptions): Promise<CheckedWorkspace<S>> {
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = services.shared.workspace.LangiumDocuments;
    const make = (file: SourceFile) => {
        const doc = factory.fromString<Model>(file.text, toUri(file.path));
        documents.addDocument(doc);
        return doc;
    };
    const stdlib = library.map(make);
    const user = files.map(make);
    await services.shared.workspace.DocumentBuilder.build([...stdlib, ...user], options);
    return { services, documents: user, stdlib };
}

function hasUnresolvedReferences(documents: readonly LangiumDocument[]): boolean {
    return documents.some((d) => d.references.some((r) => r.error !== undefined));
}

/** Takes a checked workspace's documents out of the services' workspace (to check them again). */
function forget(workspace: CheckedWorkspace, services: VmdefServices): void {
    for (const doc of [...workspace.stdlib, ...workspace.documents]) {
        services.shared.workspace.IndexManager.remove(doc.uri);
        services.shared.workspace.LangiumDocuments.deleteDocument(doc.uri);
    }
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
