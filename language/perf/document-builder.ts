// The document builder, tuned for what an edit of one .vmdef file can change.
//
// 1. Langium re-links (and so re-validates) EVERY document that has an unresolved reference on
//    every edit anywhere, in case the edit declared the missing name. A name can only appear
//    through a changed document's text, so such a document is re-linked only when a changed
//    document's text contains the unresolved name (still conservative: any occurrence counts).
// 2. Validation here is workspace-wide: a hypervisor's overcommit sums the VMs of every file
//    that runs on it, but a hypervisor's document holds no reference to those files, so
//    Langium would not re-validate it when one of them changes. The documents a changed
//    document references (before and after the change) are re-validated — not re-linked —
//    unless this update validated them anyway (each document is validated once per update).
// 3. The standard library is not validated in a build: it is the same for every user and is
//    held clean by its test (test/language/stdlib.test.ts); its documents have no diagnostics.
//    (A user's check validates only the user's files: 1,800 lines of library less per start.)
// 4. A one-shot build (`oneShot`: the command line, a debug launch, built once and never updated)
//    indexes no references — that index answers "find references" and which documents an edit
//    affects, and nobody asks either — and does not link the library up front: its references
//    resolve when something reads them (Langium's lazy linking), most never are. Should such a
//    build be updated after all (tests edit one), the update first indexes what it skipped.
import {
    AstUtils, Cancellation, DefaultDocumentBuilder, DocumentState,
    type BuildOptions, type LangiumDocument, type LangiumSharedCoreServices, type MaybePromise, type URI,
} from 'langium';
import { isStdlibUri } from '../stdlib.js';

interface ResolvableReference {
    ref?: unknown;
    error?: unknown;
    $refText?: string;
    items?: Array<{ ref?: unknown }>;
}

export interface VmdefBuildOptions extends BuildOptions {
    /** Built once and never updated: no reference index, the library linked lazily (4. above). */
    oneShot?: boolean;
}

export class VmdefDocumentBuilder extends DefaultDocumentBuilder {
    /** Documents a one-shot build linked but did not index the references of. */
    private readonly unindexed = new Set<LangiumDocument>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    override async update(changed: URI[], deleted: URI[], cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        for (const document of this.unindexed) {
            const current = this.langiumDocuments.getDocument(document.uri) === document && document.state >= DocumentState.Linked;
            if (current) await this.indexManager.updateReferences(document, cancelToken);
        }
        this.unindexed.clear();
        const changedKeys = new Set([...changed, ...deleted].map((uri) => uri.toString()));
        // What the changed documents referenced before the change (their links are dropped below).
        const before = this.referencedDocuments([...changed, ...deleted], changedKeys);
        for (const document of before) this.revalidate(document);
        // Documents not validated yet (the standard library after the workspace's first build,
        // which does not validate) are validated by this update, after the changed ones are linked.
        const unvalidated = new Set(this.langiumDocuments.all.filter((d) => d.state < DocumentState.Validated));
        await super.update(changed, deleted, cancelToken);
        // What they reference now: only the documents that were not (re-)validated by this update.
        const after = [...this.referencedDocuments(changed, changedKeys)]
            .filter((d) => !before.has(d) && !unvalidated.has(d) && d.state === DocumentState.Validated);
        if (after.length > 0) {
            for (const document of after) this.revalidate(document);
            await this.buildDocuments(after, this.updateBuildOptions, cancelToken);
        }
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (this.indexManager.isAffected(document, changedUris)) return true;
        const unresolved = (document.references as ResolvableReference[]).filter((ref) => ref.error !== undefined);
        if (unresolved.length === 0) return false;
        const texts: string[] = [];
        for (const key of changedUris) {
            const text = this.textDocuments?.get(key)?.getText();
            // A changed file that is not open (changed on disk, deleted): be conservative.
            if (text === undefined) return true;
            texts.push(text);
        }
        return unresolved.some((ref) => ref.$refText === undefined || texts.some((text) => text.includes(ref.$refText!)));
    }

    protected override shouldLink(document: LangiumDocument): boolean {
        return super.shouldLink(document) && !(this.isOneShot(document) && isStdlibUri(document.uri));
    }

    protected override runCancelable(
        documents: LangiumDocument[], targetState: DocumentState, cancelToken: Cancellation.CancellationToken,
        callback: (document: LangiumDocument) => MaybePromise<unknown>,
    ): Promise<void> {
        if (targetState !== DocumentState.IndexedReferences) return super.runCancelable(documents, targetState, cancelToken, callback);
        return super.runCancelable(documents, targetState, cancelToken, (document) => {
            if (!this.isOneShot(document)) return callback(document);
            this.unindexed.add(document);
            return undefined;
        });
    }

    private isOneShot(document: LangiumDocument): boolean {
        return (this.getBuildOptions(document) as VmdefBuildOptions).oneShot === true;
    }

    protected override async validate(document: LangiumDocument, cancelToken: Cancellation.CancellationToken): Promise<void> {
        if (isStdlibUri(document.uri)) {
            document.diagnostics = [];
            return;
        }
        return super.validate(document, cancelToken);
    }

    private revalidate(document: LangiumDocument): void {
        if (document.state >= DocumentState.Validated) this.resetToState(document, DocumentState.IndexedReferences);
    }

    /**
     * The other documents holding the targets of `uris`' resolved references. A file's
     * references point at few targets (a thousand VMs name one hypervisor and one OS): each
     * target's document is looked up once, not once per reference.
     */
    private referencedDocuments(uris: URI[], exclude: Set<string>): Set<LangiumDocument> {
        const result = new Set<LangiumDocument>();
        const seen = new Set<object>();
        for (const uri of uris) {
            const document = this.langiumDocuments.getDocument(uri);
            if (!document || document.state < DocumentState.Linked) continue;
            for (const ref of document.references as ResolvableReference[]) {
                const targets = ref.items ? ref.items.map((item) => item.ref) : [ref.ref];
                for (const target of targets) {
                    if (!target || typeof target !== 'object' || seen.has(target)) continue;
                    seen.add(target);
                    const targetDocument = AstUtils.getDocument(target as Parameters<typeof AstUtils.getDocument>[0]);
                    if (!exclude.has(targetDocument.uri.toString())) result.add(targetDocument);
                }
            }
        }
        return result;
    }
}
