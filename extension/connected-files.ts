// Asks the language server which files a .vmdef file's machines are made of
// (`vmdef/connectedFiles`, server/connected-files.ts), so Run File, the report and the debugger
// pass a split workspace to the CLI / adapter whole. The server is a convenience here, never a
// condition: not started, stopped, failing or silent, the command goes on with the file alone
// and says why. No `vscode` import, so the fallback rules are tested without VS Code: the
// extension passes `vscode.l10n.t` as `t` to write the reasons in VS Code's language.
import { CancellationTokenSource, type CancellationToken } from 'vscode-jsonrpc';
import type { ConnectedFilesParams } from '../server/connected-files.js';

/** The request's method; the server registers it under the same name (server/connected-files.ts). */
export const CONNECTED_FILES_REQUEST = 'vmdef/connectedFiles';

/** Long enough for a server still building a large workspace; short enough that a stuck one is no hang. */
export const CONNECTED_FILES_TIMEOUT_MS = 5_000;

/** `vscode.l10n.t`'s shape: the English message is the key, `{0}`… its arguments. */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** English, as `vscode.l10n.t` writes a message without a translation. */
export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

/** What the extension needs of the language client (vscode-languageclient's LanguageClient). */
export interface RequestSender {
    sendRequest<R>(method: string, params: unknown, token?: CancellationToken): Promise<R>;
}

export interface ConnectedFiles {
    /** File system paths: the file asked about first, then its connected files in workspace order. */
    files: string[];
    /** Why only the file itself is there although others might be connected (no server answer). */
    fallback?: string;
}

/**
 * The files connected to `file` (a file system path; `uri` is the same file as the server
 * names it). Resolves within `timeoutMs` whatever the server does.
 */
export async function requestConnectedFiles(
    client: RequestSender | undefined,
    file: string,
    uri: string,
    timeoutMs = CONNECTED_FILES_TIMEOUT_MS,
    t: Translate = english,
    /** Ask for URIs instead of file system paths (VS Code for the Web; `file` is a URI then too). */
    uris = false,
): Promise<ConnectedFiles> {
    const alone = (fallback: string): ConnectedFiles => ({ files: [file], fallback });
    if (!client) return alone(t('the language server is not running'));
    const cancel = new CancellationTokenSource();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)));
    try {
        const params: ConnectedFilesParams = uris ? { uri, uris } : { uri };
        const answer = await Promise.race([client.sendRequest<unknown>(CONNECTED_FILES_REQUEST, params, cancel.token), timeout]);
        if (answer === TIMED_OUT) {
            cancel.cancel();
            return alone(t('the language server did not answer within {0} s', timeoutMs / 1000));
        }
        if (!Array.isArray(answer) || answer.some((f) => typeof f !== 'string' || f === '')) {
            return alone(t('the language server gave no list of files'));
        }
        // the file asked about first, whatever the server did; each file once
        const files = [file];
        for (const other of answer as string[]) if (!files.some((f) => samePath(f, other))) files.push(other);
        return { files };
    } catch (e) {
        return alone(t('the language server could not answer ({0})', e instanceof Error ? e.message : String(e)));
    } finally {
        clearTimeout(timer);
        cancel.dispose();
    }
}

const TIMED_OUT = Symbol('timed out');

/** Windows paths differ in case only when they are the same file. */
export function samePath(a: string, b: string): boolean {
    return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}
