// A language-server client for tests: starts a server as a separate process and speaks real
// JSON-RPC over its stdin/stdout (vscode-jsonrpc, the library vscode-languageclient uses).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    createMessageConnection, ErrorCodes, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-jsonrpc/node.js';
import type {
    ClientCapabilities, Diagnostic, InitializeResult, PublishDiagnosticsParams, Registration, ServerCapabilities,
} from 'vscode-languageserver-protocol';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'out', 'server.js');
/** Node options that let `LspClient.heapAfterGc` ask the server for its heap. */
export const HEAP_PROBE_ARGS = ['--expose-gc', '--require', path.join(import.meta.dirname, 'heap-probe.cjs')];

export interface LspClientOptions {
    /** The server's entry file; the bundled server by default. */
    server?: string;
    /** Folder opened as the workspace (`rootUri` and one workspace folder). */
    workspaceFolder: string;
    /** Client capabilities sent with `initialize` (the defaults below when left out). */
    capabilities?: ClientCapabilities;
    /** `initializationOptions` of the `initialize` request. */
    initializationOptions?: unknown;
    /** Answers `workspace/configuration` per item (null for every section by default). */
    configuration?: (section: string | undefined) => unknown;
    /** Refuses `client/registerCapability` with a MethodNotFound error, as some clients do. */
    refuseRegistration?: boolean;
    /** Node options for the server process (before the server's file). */
    nodeArgs?: string[];
}

const DEFAULT_CAPABILITIES: ClientCapabilities = {
    textDocument: { publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } }, synchronization: { didSave: true } },
    workspace: { workspaceFolders: true, configuration: true },
};

export function fileUri(file: string): string {
    return pathToFileURL(file).toString();
}

/** Waits for the first message matching `accept`, or fails after `timeoutMs`. */
type Waiter = { accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class LspClient {
    readonly process: ChildProcess;
    readonly connection: MessageConnection;
    /** Every publishDiagnostics received, in order. */
    readonly published: PublishDiagnosticsParams[] = [];
    /** Everything the server wrote to stderr (a crash shows here). */
    stderr = '';
    capabilities: ServerCapabilities | undefined;
    /** Every registration the server asked for (also the refused ones). */
    readonly registrations: Registration[] = [];
    private readonly waiters: Waiter[] = [];
    private readonly versions = new Map<string, number>();
    private exited = false;

    constructor(private readonly options: LspClientOptions) {
        const server = options.server ?? SERVER_BUNDLE;
        if (!fs.existsSync(server)) throw new Error(`${server} is missing: run \`node scripts/bundle.mjs\` first`);
        this.process = spawn(process.execPath, [...(options.nodeArgs ?? []), server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
        this.process.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
        this.process.on('exit', () => (this.exited = true));
        this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
        this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
            this.published.push(params);
            for (const waiter of [...this.waiters]) {
                if (waiter.accept(params)) {
                    this.waiters.splice(this.waiters.indexOf(waiter), 1);
                    waiter.resolve(params);
                }
            }
        });
        // The server may ask for configuration and to register file watchers; answer like a client.
        this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
            params.items.map((item) => options.configuration?.(item.section) ?? null));
        this.connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
            this.registrations.push(...params.registrations);
            if (options.refuseRegistration) return new ResponseError(ErrorCodes.MethodNotFound, 'Unhandled method client/registerCapability');
            return null;
        });
        this.connection.onRequest('window/workDoneProgress/create', () => null);
        this.connection.onNotification('window/logMessage', () => undefined);
        this.connection.listen();
    }

    get alive(): boolean {
        return !this.exited && this.process.exitCode === null;
    }

    async initialize(): Promise<InitializeResult> {
        const folder = this.options.workspaceFolder;
        const result = await this.connection.sendRequest<InitializeResult>('initialize', {
            processId: process.pid,
            rootUri: fileUri(folder),
            workspaceFolders: [{ uri: fileUri(folder), name: path.basename(folder) }],
            capabilities: this.options.capabilities ?? DEFAULT_CAPABILITIES,
            initializationOptions: this.options.initializationOptions,
        });
        this.capabilities = result.capabilities;
        await this.connection.sendNotification('initialized', {});
        return result;
    }

    async open(uri: string, text: string): Promise<void> {
        this.versions.set(uri, 1);
        await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmdef', version: 1, text } });
    }

    async close(uri: string): Promise<void> {
        this.versions.delete(uri);
        await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }

    /** Replaces the whole text (full sync works whatever sync kind the server announces). */
    async change(uri: string, text: string): Promise<void> {
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    }

    async save(uri: string): Promise<void> {
        await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    }

    /** The next publishDiagnostics (from now on) for `uri` that satisfies `accept`. */
    nextDiagnostics(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.waiters.splice(this.waiters.indexOf(waiter), 1);
                const last = [...this.published].reverse().find((p) => p.uri === uri);
                reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(last?.diagnostics.map((d) => d.code))}; stderr: ${this.stderr}`));
            }, timeoutMs);
            const waiter: Waiter = {
                accept: (p) => p.uri === uri && accept(p.diagnostics),
                resolve: (p) => {
                    clearTimeout(timer);
                    resolve(p.diagnostics);
                },
            };
            this.waiters.push(waiter);
        });
    }

    /** Like nextDiagnostics, but also accepts what was already published last for `uri`. */
    diagnostics(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
        const last = [...this.published].reverse().find((p) => p.uri === uri);
        if (last && accept(last.diagnostics)) return Promise.resolve(last.diagnostics);
        return this.nextDiagnostics(uri, accept, timeoutMs);
    }

    /**
     * The server's heap after a full garbage collection, in bytes: needs the server started with
     * `nodeArgs: HEAP_PROBE_ARGS`.
     */
    async heapAfterGc(): Promise<number> {
        const before = this.stderr.length;
        this.process.kill('SIGUSR2');
        for (let waited = 0; waited < 10_000; waited += 50) {
            const line = /heap-after-gc (\d+)/.exec(this.stderr.slice(before));
            if (line) return Number(line[1]);
            await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`the server did not report its heap; stderr: ${this.stderr}`);
    }

    request<R>(method: string, params: unknown): Promise<R> {
        return this.connection.sendRequest<R>(method, params);
    }

    /** shutdown + exit, then make sure the process is gone. */
    async stop(): Promise<void> {
        try {
            if (this.alive) {
                await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
                await this.connection.sendNotification('exit');
            }
        } catch {
            // the server is already gone
        }
        this.connection.dispose();
        if (this.alive) {
            await new Promise((r) => setTimeout(r, 300));
            if (this.alive) this.process.kill();
        }
    }
}

export function codes(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map((d) => String(d.code)).sort();
}
