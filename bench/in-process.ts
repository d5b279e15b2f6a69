// In-process measurements for bench/check.bench.mjs (bundled by it with esbuild): the time of
// each build phase of a full check, and the time from an edit to new diagnostics.
import { DocumentState, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createServices, editorWorkspace, isError } from '../language/workspace.js';
import { createLspServices } from '../language/lsp/lsp-module.js';
import { useStdlibSnapshotFile } from '../language/stdlib-snapshot-file.js';
import { setStdlibDirectory, stdlibFiles } from '../language/stdlib.js';
import type { Model } from '../language/generated/ast.js';
import { readSourceFile } from '../io/source-files.js';

const PHASES: Array<[DocumentState, string]> = [
    [DocumentState.IndexedContent, 'index'],
    [DocumentState.ComputedScopes, 'scopes'],
    [DocumentState.Linked, 'link'],
    [DocumentState.IndexedReferences, 'index references'],
    [DocumentState.Validated, 'validate'],
];

/** Milliseconds per phase of one full build of `text` (plus the standard library). */
export async function measurePhases(text: string, stdlibDir: string): Promise<Record<string, number>> {
    setStdlibDirectory(stdlibDir);
    const services = createServices();
    const builder = services.shared.workspace.DocumentBuilder;
    const times: Record<string, number> = {};
    let last = 0;
    for (const [state, name] of PHASES) {
        builder.onBuildPhase(state, () => {
            const now = performance.now();
            times[name] = now - last;
            last = now;
        });
    }
    const factory = services.shared.workspace.LangiumDocumentFactory;
    // The standard library, as every workspace has it (not timed).
    const documents = stdlibFiles().map((file) => factory.fromString<Model>(readSourceFile(file), URI.file(file)));
    const start = performance.now();
    documents.push(factory.fromString<Model>(text, URI.file('/bench/phases.vmdef')));
    times.parse = performance.now() - start;
    last = performance.now();
    for (const document of documents) services.shared.workspace.LangiumDocuments.addDocument(document);
    await builder.build(documents, { validation: true });
    times.total = performance.now() - start;
    return times;
}

export interface EditLatency {
    firstBuildMs: number;
    /** Edit → diagnostics of the edited document, per edit. */
    editsMs: number[];
    /** The CPU time of the same (this thread and GC helpers): less disturbed by a busy machine. */
    editsCpuMs: number[];
    /** Error count after each edit (they alternate: the edits do change the diagnostics). */
    errors: number[];
    /** Re-parses: incremental (only the edited declaration) or of the whole document. */
    parses: { incremental: number; full: number };
}

/**
 * Builds `text` once, then edits it `edits` times — the first VM's vcpus between a value that
 * fits and one that overcommits its host — and times `DocumentBuilder.update` until the
 * document is validated again: what the language server does after its debounce.
 */
export async function measureEditLatency(text: string, stdlibDir: string, snapshotFile?: string, edits = 9): Promise<EditLatency> {
    setStdlibDirectory(stdlibDir);
    // as the language server has it: its services, the library from the build's snapshot (if
    // given), the file open, the workspace built as it builds
    if (snapshotFile) useStdlibSnapshotFile(snapshotFile);
    const services = createLspServices();
    const uri = URI.file('/bench/edit.vmdef');
    const textDocuments = services.shared.workspace.TextDocuments!;
    textDocuments.set(TextDocument.create(uri.toString(), 'vmdef', 1, text));
    let start = performance.now();
    await editorWorkspace([{ path: uri.toString(), text }], services);
    const firstBuildMs = performance.now() - start;
    const documents = services.shared.workspace.LangiumDocuments;
    const editsMs: number[] = [];
    const editsCpuMs: number[] = [];
    const errors: number[] = [];
    for (let i = 1; i <= edits; i++) {
        const edited = text.replace(/vcpus \d+/, `vcpus ${i % 2 === 1 ? 64 : 1}`);
        start = performance.now();
        const cpu = process.cpuUsage();
        textDocuments.set(TextDocument.create(uri.toString(), 'vmdef', i + 1, edited));
        await services.shared.workspace.DocumentBuilder.update([uri], []);
        const document = documents.getDocument(uri)!;
        if (document.state !== DocumentState.Validated || !document.diagnostics) throw new Error('edit did not produce diagnostics');
        editsMs.push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        editsCpuMs.push((used.user + used.system) / 1000);
        errors.push(document.diagnostics.filter(isError).length);
    }
    const factory = services.shared.workspace.LangiumDocumentFactory as unknown as { stats?: { incremental: number; full: number } };
    return { firstBuildMs, editsMs, editsCpuMs, errors, parses: { ...(factory.stats ?? { incremental: 0, full: 0 }) } };
}
