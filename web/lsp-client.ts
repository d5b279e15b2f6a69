// The Language Server Protocol as the playground speaks it: one document (MAIN_URI), full-text
// sync, and the few requests the editor asks (hover, completion, code actions). Types are the
// protocol's own (vscode-languageserver-types, types only: nothing of it is bundled).
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, Position, Range } from 'vscode-languageserver-types';
import type { Locale } from '../l10n/locale.js';
import { MAIN_URI, SET_LOCALE } from './protocol.js';
import type { WorkerConnection } from './worker-client.js';

const CLIENT_CAPABILITIES = {
    textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: false },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext', 'markdown'] } },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    },
    workspace: { configuration: false, didChangeWatchedFiles: { dynamicRegistration: false } },
};

/** Text goes to the server once typing pauses this long (ms), or before any request. */
const SYNC_DELAY = 120;

export class LspDocument {
    private version = 0;
    private pendingText: string | undefined;
    private timer: ReturnType<typeof setTimeout> | undefined;

    constructor(private readonly connection: WorkerConnection) {}

    async initialize(locale: Locale): Promise<void> {
        await this.connection.request('initialize', { processId: null, rootUri: null, workspaceFolders: null, locale, capabilities: CLIENT_CAPABILITIES });
        this.connection.notify('initialized', {});
    }

    onDiagnostics(handler: (diagnostics: Diagnostic[]) => void): void {
        this.connection.onNotification<{ uri: string; diagnostics: Diagnostic[] }>('textDocument/publishDiagnostics', (params) => {
            if (params.uri === MAIN_URI) handler(params.diagnostics);
        });
    }

    open(text: string): void {
        this.version = 1;
        this.connection.notify('textDocument/didOpen', { textDocument: { uri: MAIN_URI, languageId: 'vmdef', version: this.version, text } });
    }

    /** The editor's text changed: sent when typing pauses, or before the next request. */
    change(text: string): void {
        this.pendingText = text;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flush(), SYNC_DELAY);
    }

    /** Sends a change not sent yet, so a request sees the text the user sees. */
    private flush(): void {
        clearTimeout(this.timer);
        if (this.pendingText === undefined) return;
        const text = this.pendingText;
        this.pendingText = undefined;
        this.connection.notify('textDocument/didChange', { textDocument: { uri: MAIN_URI, version: ++this.version }, contentChanges: [{ text }] });
    }

    private request<R>(method: string, params: object): Promise<R> {
        this.flush();
        return this.connection.request<R>(method, { textDocument: { uri: MAIN_URI }, ...params });
    }

    setLocale(locale: Locale): Promise<void> {
        return this.connection.request(SET_LOCALE, { locale });
    }

    hover(position: Position): Promise<Hover | null> {
        return this.request('textDocument/hover', { position });
    }

    async completion(position: Position): Promise<CompletionItem[]> {
        const answer = await this.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { position });
        return Array.isArray(answer) ? answer : (answer?.items ?? []);
    }

    /** The quick fixes for `diagnostics`, asked in one request over the range they span. */
    async quickFixes(diagnostics: Diagnostic[]): Promise<CodeAction[]> {
        if (diagnostics.length === 0) return [];
        const range: Range = {
            start: diagnostics.map((d) => d.range.start).reduce((a, b) => (before(a, b) ? a : b)),
            end: diagnostics.map((d) => d.range.end).reduce((a, b) => (before(a, b) ? b : a)),
        };
        const actions = await this.request<(CodeAction | { command: string })[] | null>('textDocument/codeAction', { range, context: { diagnostics, only: ['quickfix'] } });
        return (actions ?? []).filter((a): a is CodeAction => 'title' in a && 'edit' in a);
    }
}

function before(a: Position, b: Position): boolean {
    return a.line < b.line || (a.line === b.line && a.character <= b.character);
}
