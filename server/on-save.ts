// Checks that run when a document is saved, not while typing: slower or workspace-wide ones
// (unused declarations; later "simulate on save"). Their diagnostics are published together
// with the document's regular ones; the next edit of the document drops them until the next
// save, and a run is cancelled when the document changes under it.
//
// Register a check with `registerOnSaveCheck({ name, run })` before the server starts
// (see server/main.ts); `run` gets the saved, built and validated document.
import { Cancellation, DocumentState, URI, isOperationCancelled, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { VmdefLspServices } from '../language/lsp/lsp-module.js';
import { isStdlibUri } from '../language/stdlib.js';
import { appendAll } from '../language/arrays.js';

type CancellationToken = Cancellation.CancellationToken;

export interface OnSaveCheck {
    /** Shown in the log when the check fails; also the diagnostics' `source` if they have none. */
    name: string;
    run(document: LangiumDocument, services: VmdefLspServices, token: CancellationToken): Promise<Diagnostic[]>;
}

const checks: OnSaveCheck[] = [];

/** Adds a check run on every save; returns a function that removes it again. */
export function registerOnSaveCheck(check: OnSaveCheck): () => void {
    checks.push(check);
    return () => {
        const index = checks.indexOf(check);
        if (index >= 0) checks.splice(index, 1);
    };
}

export function onSaveChecks(): readonly OnSaveCheck[] {
    return checks;
}

interface Publisher {
    sendDiagnostics(params: PublishDiagnosticsParams): Promise<void>;
}

/**
 * Publishes a document's diagnostics as the union of its regular ones (from the document
 * builder) and its on-save ones. Standard-library documents are never published: they are
 * loaded into every workspace but are not the user's files.
 */
export class DiagnosticsPublisher {
    private readonly regular = new Map<string, Diagnostic[]>();
    private readonly onSave = new Map<string, Diagnostic[]>();

    constructor(private readonly connection: Publisher) {}

    publishRegular(uri: string, diagnostics: Diagnostic[]): Promise<void> {
        if (isStdlibUri(uri)) return Promise.resolve();
        // An empty list is not kept: a document removed from the workspace leaves nothing behind.
        if (diagnostics.length > 0) this.regular.set(uri, diagnostics);
        else this.regular.delete(uri);
        return this.publish(uri);
    }

    setOnSave(uri: string, diagnostics: Diagnostic[]): Promise<void> {
        this.onSave.set(uri, diagnostics);
        return this.publish(uri);
    }

    /** Drops the on-save part (the document was edited); republishes if there was one. */
    clearOnSave(uri: string): Promise<void> {
        if (!this.onSave.delete(uri)) return Promise.resolve();
        return this.publish(uri);
    }

    /** The documents that show on-save diagnostics now. */
    withOnSave(): string[] {
        return [...this.onSave.keys()];
    }

    forget(uri: string): void {
        this.regular.delete(uri);
        this.onSave.delete(uri);
    }

    private publish(uri: string): Promise<void> {
        const diagnostics = [...(this.regular.get(uri) ?? []), ...(this.onSave.get(uri) ?? [])].map(withWholeCharacters);
        return this.connection.sendDiagnostics({ uri, diagnostics });
    }
}

const HALF_CHARACTER = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const HALF_CHARACTERS = new RegExp(HALF_CHARACTER.source, 'g');

/**
 * The diagnostic with every half of a UTF-16 surrogate pair in its messages replaced by U+FFFD:
 * JSON carries one as `\ud83d`, which strict decoders (Neovim's) reject with the whole
 * notification, so none of the file's diagnostics would show.
 */
export function withWholeCharacters(diagnostic: Diagnostic): Diagnostic {
    const whole = (text: string) => text.replace(HALF_CHARACTERS, '\ufffd');
    const related = diagnostic.relatedInformation;
    const broken = HALF_CHARACTER.test(diagnostic.message) || related?.some((r) => HALF_CHARACTER.test(r.message));
    if (!broken) return diagnostic;
    return {
        ...diagnostic,
        message: whole(diagnostic.message),
        ...(related ? { relatedInformation: related.map((r) => ({ ...r, message: whole(r.message) })) } : {}),
    };
}

/** Runs the registered checks on save, one run per document at a time. */
export class OnSaveRunner {
    private readonly running = new Map<string, Cancellation.CancellationTokenSource>();

    constructor(
        private readonly shared: LangiumSharedServices,
        private readonly publisher: DiagnosticsPublisher,
        private readonly log: (message: string) => void,
    ) {}

    /** The document changed: cancel a run on it and drop its on-save diagnostics. */
    changed(uri: string): void {
        this.running.get(uri)?.cancel();
        this.running.delete(uri);
        void this.publisher.clearOnSave(uri);
    }

    async saved(uri: string): Promise<void> {
        if (isStdlibUri(uri)) return;
        this.running.get(uri)?.cancel();
        const source = new Cancellation.CancellationTokenSource();
        this.running.set(uri, source);
        try {
            const document = await this.builtDocument(URI.parse(uri), source.token);
            if (!document || source.token.isCancellationRequested) return;
            const services = this.shared.ServiceRegistry.getServices(document.uri) as VmdefLspServices;
            const diagnostics: Diagnostic[] = [];
            for (const check of checks) {
                if (source.token.isCancellationRequested) return;
                try {
                    const found = await check.run(document, services, source.token);
                    appendAll(diagnostics, found.map((d) => ({ ...d, source: d.source ?? check.name })));
                } catch (e) {
                    // One broken check must not take the others (or the server) down.
                    if (!isOperationCancelled(e)) this.log(`on-save check '${check.name}' failed: ${(e as Error)?.message ?? e}`);
                }
            }
            if (!source.token.isCancellationRequested) await this.publisher.setOnSave(uri, diagnostics);
        } catch (e) {
            if (!isOperationCancelled(e)) this.log(`on-save checks of ${uri} failed: ${(e as Error)?.message ?? e}`);
        } finally {
            if (this.running.get(uri) === source) this.running.delete(uri);
            source.dispose();
        }
    }

    /**
     * The saved document once it is validated AND built from the text that was saved: a save
     * right after an edit can arrive before the (debounced) rebuild of that edit has started.
     */
    private async builtDocument(uri: URI, token: CancellationToken): Promise<LangiumDocument | undefined> {
        const builder = this.shared.workspace.DocumentBuilder;
        const documents = this.shared.workspace.LangiumDocuments;
        const text = () => this.shared.workspace.TextDocuments.get(uri.toString())?.getText();
        for (;;) {
            await builder.waitUntil(DocumentState.Validated, uri, token);
            const document = documents.getDocument(uri);
            if (!document || token.isCancellationRequested) return undefined;
            const saved = text();
            // The text the tree was built from (the TextDocument itself is updated in place on
            // every change, so it cannot tell whether the tree is current).
            const built = document.parseResult.value.$cstNode?.root.fullText;
            if (saved === undefined || built === saved) return document;
            await new Promise<void>((resolve) => {
                const listener = builder.onDocumentPhase(DocumentState.Validated, (built) => {
                    if (built.uri.toString() === uri.toString()) done();
                });
                const cancel = token.onCancellationRequested(() => done());
                function done() {
                    listener.dispose();
                    cancel.dispose();
                    resolve();
                }
            });
            if (token.isCancellationRequested) return undefined;
        }
    }
}
