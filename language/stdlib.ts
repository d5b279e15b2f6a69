// The standard library: `.vmdef` files shipped with the extension (OSes, hypervisor handlers,
// cost presets), loaded into every workspace. They stay real files so the debugger can open them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultWorkspaceManager, URI, type LangiumDocument, type LangiumSharedCoreServices, type WorkspaceFolder } from 'langium';
import { readSourceFile } from '../io/source-files.js';

declare const __dirname: string | undefined;

let overrideDir: string | undefined;
/** The standard library's texts by file name, when the host has no file system (the browser playground). */
let injectedTexts: Readonly<Record<string, string>> | undefined;
/** The URI the injected library's documents are given (scheme and authority; the path is the file's). */
let injectedBase: URI | undefined;

/** Lets a host (the extension, a test) say where the standard library was installed. */
export function setStdlibDirectory(dir: string): void {
    overrideDir = dir;
}

/** Where `stdlibDirectory` found the library (looked for once: it is asked for every document). */
let foundDir: string | undefined;

/** The folder holding the standard library, found from the source tree or from a bundle in `out/`. */
export function stdlibDirectory(): string {
    if (overrideDir) return overrideDir;
    if (foundDir) return foundDir;
    const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
    const candidates = [path.join(here, 'stdlib'), path.join(here, '..', 'language', 'stdlib'), path.join(here, '..', '..', 'language', 'stdlib')];
    const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'os.vmdef')));
    if (!found) throw new Error(`vmdef standard library not found (looked in ${candidates.join(', ')})`);
    foundDir = found;
    return found;
}

/**
 * Lets a host without a file system (the browser playground) hand over the standard library's
 * texts by file name (`os.vmdef`); `dir` is the folder their paths and URIs are said to be in.
 * `base` (a URI) gives the documents its scheme and authority instead of `file:` (VS Code for
 * the Web: the extension's own files, so go to definition opens them).
 */
export function setStdlibSource(dir: string, texts: Readonly<Record<string, string>>, base?: string): void {
    overrideDir = dir;
    injectedTexts = texts;
    injectedBase = base === undefined ? undefined : URI.parse(base);
}

/** The text of one file of the standard library: the injected text, else the file on disk. */
export function readStdlibFile(file: string): string {
    return injectedTexts ? injectedTexts[path.basename(file)] ?? '' : readSourceFile(file);
}

export function stdlibFiles(): string[] {
    const dir = stdlibDirectory();
    if (injectedTexts) return Object.keys(injectedTexts).sort().map((f) => path.join(dir, f));
    return fs.readdirSync(dir).filter((f) => f.endsWith('.vmdef')).sort().map((f) => path.join(dir, f));
}

/** Whether `uri` is a file of the standard library (never, without an installed library: a bare parse in a test). */
export function isStdlibUri(uri: URI | string): boolean {
    let dir: string;
    try {
        dir = stdlibDirectory();
    } catch {
        return false;
    }
    const fsPath = typeof uri === 'string' ? URI.parse(uri).fsPath : uri.fsPath;
    return path.dirname(fsPath) === dir;
}

/** Adds the standard library to every workspace the language server opens. */
export class VmdefWorkspaceManager extends DefaultWorkspaceManager {
    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    protected override async loadAdditionalDocuments(
        folders: WorkspaceFolder[],
        collector: (document: LangiumDocument) => void,
    ): Promise<void> {
        await super.loadAdditionalDocuments(folders, collector);
        for (const file of stdlibFiles()) {
            const uri = injectedBase ? injectedBase.with({ path: file }) : URI.file(file);
            if (!this.langiumDocuments.hasDocument(uri)) {
                collector(this.langiumDocuments.createDocument(uri, readStdlibFile(file)));
            }
        }
    }
}
