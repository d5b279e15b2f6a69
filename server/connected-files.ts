// The user documents connected to one document by references, either way: a VM here on a
// hypervisor there, or VMs there on a hypervisor here, and on through the hardware and programs
// they name. That is what a document's machines are made of, so it is what simulate-on-save
// runs, and what the extension passes to `vmdef run` / `vmdef report` and the debugger
// (`vmdef/connectedFiles`): a file of a split workspace does not resolve on its own.
import { AstUtils, Cancellation, URI, type AstNode, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { isStdlibUri } from '../language/stdlib.js';
import type { CheckedWorkspace } from '../language/workspace.js';
import type { Model } from '../language/generated/ast.js';
import type { VmdefLspServices } from '../language/lsp/lsp-module.js';

export const CONNECTED_FILES_REQUEST = 'vmdef/connectedFiles';

export interface ConnectedFilesParams {
    /** The document, as the client names it (a `file:` URI). */
    uri: string;
    /**
     * Answer with URIs of any scheme instead of file system paths of `file:` documents: VS Code
     * for the Web, whose files live in virtual file systems (`vscode-vfs:`, `vscode-remote:`).
     */
    uris?: boolean;
}

/** File system paths (or URIs, when asked): the requested file first, then the connected ones in workspace order. */
export type ConnectedFilesResult = string[];

/**
 * `document` and every user document reachable from it through references in either direction,
 * in workspace order. The standard library is left out (every workspace loads it anyway), and so
 * is an unrelated file of the folder, even one with errors.
 */
export function connectedDocuments(document: LangiumDocument, shared: LangiumSharedServices): LangiumDocument<Model>[] {
    const all = shared.workspace.LangiumDocuments.all.toArray() as LangiumDocument<Model>[];
    const user = all.filter((d) => !isStdlibUri(d.uri));
    const neighbours = new Map<LangiumDocument, Set<LangiumDocument>>(user.map((d) => [d, new Set()]));
    for (const from of user) {
        for (const reference of from.references) {
            const node = 'ref' in reference ? (reference.ref as AstNode | undefined) : undefined;
            // only a root node knows its document: a hypervisor's is its file's Model's
            const target = node && (AstUtils.findRootNode(node).$document as LangiumDocument<Model> | undefined);
            if (!target || target === from || !neighbours.has(target)) continue;
            neighbours.get(from)!.add(target);
            neighbours.get(target)!.add(from);
        }
    }
    const component = new Set<LangiumDocument>([document]);
    const queue: LangiumDocument[] = [document];
    while (queue.length) {
        for (const next of neighbours.get(queue.pop()!) ?? []) {
            if (!component.has(next)) {
                component.add(next);
                queue.push(next);
            }
        }
    }
    return user.filter((d) => component.has(d));
}

/** The checked workspace of `document`'s connected documents (simulate-on-save runs it). */
export function workspaceAround(document: LangiumDocument, services: VmdefLspServices): CheckedWorkspace {
    const all = services.shared.workspace.LangiumDocuments.all.toArray() as LangiumDocument<Model>[];
    return {
        services,
        documents: connectedDocuments(document, services.shared),
        stdlib: all.filter((d) => isStdlibUri(d.uri)),
    };
}

/** Registers `vmdef/connectedFiles` on the server's connection; call before `startLanguageServer`. */
export function registerConnectedFilesRequest(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(CONNECTED_FILES_REQUEST, (params: ConnectedFilesParams, token) => connectedFiles(shared, params, token));
}

export async function connectedFiles(
    shared: LangiumSharedServices,
    params: ConnectedFilesParams,
    token: Cancellation.CancellationToken = Cancellation.CancellationToken.None,
): Promise<ConnectedFilesResult> {
    if (typeof params?.uri !== 'string' || params.uri === '') return [];
    const uri = URI.parse(params.uri);
    const name = (u: URI) => (params.uris === true ? u.toString() : u.fsPath);
    const alone = [name(uri)];
    // Right after start-up the folder's other files may not be loaded yet: wait for them, or a
    // VM's hypervisor in a file not read so far would not count as connected.
    await shared.workspace.WorkspaceManager.ready;
    // A read of the workspace runs once every write queued before it is done: the build after
    // the edit or the didOpen that came just before this request (a file opened from outside the
    // folder is not even a document before that build), so references are linked.
    return shared.workspace.WorkspaceLock.read(() => {
        const documents = shared.workspace.LangiumDocuments;
        if (token.isCancellationRequested || !documents.hasDocument(uri) || isStdlibUri(uri)) return alone;
        const document = documents.getDocument(uri)!;
        const others = connectedDocuments(document, shared).filter((d) => d !== document && (params.uris === true || d.uri.scheme === 'file')).map((d) => name(d.uri));
        return [...alone, ...others];
    });
}
