// The standard library's parse snapshot (language/perf/parse-snapshot.ts, language/stdlib-snapshot.ts):
// each library file rebuilt from it is the parse of that file, object for object, and a
// workspace checked with it says and runs the same as one that parsed the library.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AstUtils, isAstNode, isReference, type AstNode, type CstNode, type ParseResult, type Reference } from 'langium';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkWorkspace, createServices, diagnosticsOf, type CheckedWorkspace } from '../../language/workspace.js';
import { readStdlibFile, stdlibFiles } from '../../language/stdlib.js';
import { SnapshotReader, SnapshotWriter, type ParseSnapshot } from '../../language/perf/parse-snapshot.js';
import { setStdlibSnapshot } from '../../language/stdlib-snapshot.js';
import { Simulation } from '../../simulator/engine.js';
import { PROJECT_ROOT, vmdefFilesUnder } from '../examples/annotations.js';

const library = stdlibFiles().map((file) => ({ name: path.basename(file), text: readStdlibFile(file) }));

/** The snapshot of the whole library, through JSON as it goes to disk. */
function librarySnapshot(): ParseSnapshot {
    const services = createServices();
    const writer = new SnapshotWriter(services);
    for (const { name, text } of library) writer.add(name, text, services.parser.LangiumParser.parse(text));
    return JSON.parse(JSON.stringify(writer.snapshot())) as ParseSnapshot;
}

function cstNodes(root: CstNode): CstNode[] {
    const out: CstNode[] = [];
    const walk = (node: CstNode) => {
        out.push(node);
        (node as { content?: CstNode[] }).content?.forEach(walk);
    };
    walk(root);
    return out;
}

function astNodeOf(node: CstNode): AstNode | undefined {
    try {
        return node.astNode;
    } catch {
        return undefined;
    }
}

/**
 * Compares two parse results object for object: both trees walked in pre-order, each node of
 * one paired with the node at the same place in the other, every link checked against the pairing.
 */
function expectSameParse(actual: ParseResult, expected: ParseResult, file: string): void {
    const actualCst = cstNodes(actual.value.$cstNode!.root);
    const expectedCst = cstNodes(expected.value.$cstNode!.root);
    const actualAst = AstUtils.streamAst(actual.value).toArray();
    const expectedAst = AstUtils.streamAst(expected.value).toArray();
    expect(actualCst.length, file).toBe(expectedCst.length);
    expect(actualAst.length, file).toBe(expectedAst.length);
    const cstIndex = new Map(actualCst.map((n, i) => [n, i]));
    const astIndex = new Map(actualAst.map((n, i) => [n, i]));
    const expectedCstIndex = new Map(expectedCst.map((n, i) => [n, i]));
    const expectedAstIndex = new Map(expectedAst.map((n, i) => [n, i]));
    const sameCst = (a: CstNode | undefined, e: CstNode | undefined) => (a === undefined ? -1 : cstIndex.get(a)) === (e === undefined ? -1 : expectedCstIndex.get(e));
    const sameAst = (a: AstNode | undefined, e: AstNode | undefined) => (a === undefined ? -1 : astIndex.get(a)) === (e === undefined ? -1 : expectedAstIndex.get(e));

    actualCst.forEach((a, i) => {
        const e = expectedCst[i];
        const where = `${file}: syntax tree node ${i} at ${e.offset}`;
        expect(a.constructor, where).toBe(e.constructor);
        expect([a.offset, a.length, a.end, a.hidden, a.text], where).toEqual([e.offset, e.length, e.end, e.hidden, e.text]);
        expect(a.range, where).toEqual(e.range);
        expect(a.grammarSource, where).toBe(e.grammarSource);
        expect((a as { tokenType?: unknown }).tokenType, where).toBe((e as { tokenType?: unknown }).tokenType);
        expect(sameCst(a.container, e.container) && sameCst(a.root, e.root), where).toBe(true);
        expect(sameAst(astNodeOf(a), astNodeOf(e)), where).toBe(true);
        expect(sameAst((a as unknown as { _astNode?: AstNode })._astNode, (e as unknown as { _astNode?: AstNode })._astNode), where).toBe(true);
        expect((a as { content?: unknown[] }).content?.length, where).toBe((e as { content?: unknown[] }).content?.length);
    });

    const sameValue = (a: unknown, e: unknown, where: string) => {
        if (Array.isArray(e)) {
            expect(Array.isArray(a) && a.length === e.length, where).toBe(true);
            e.forEach((item, j) => sameValue((a as unknown[])[j], item, `${where}[${j}]`));
        } else if (isReference(e)) {
            expect(isReference(a), where).toBe(true);
            const ref = a as Reference;
            expect(ref.$refText, where).toBe(e.$refText);
            expect(sameCst(ref.$refNode, e.$refNode), where).toBe(true);
            expect(Object.keys(ref), where).toEqual(Object.keys(e));
        } else if (isAstNode(e)) {
            expect(sameAst(a as AstNode, e), where).toBe(true);
        } else if (e && typeof e === 'object') {
            expect(sameCst(a as CstNode, e as CstNode), where).toBe(true);
        } else {
            expect(a, where).toBe(e);
        }
    };
    actualAst.forEach((a, i) => {
        const e = expectedAst[i];
        const where = `${file}: AST node ${i} ${e.$type}`;
        expect(Object.keys(a), where).toEqual(Object.keys(e));
        for (const key of Object.keys(e)) sameValue((a as unknown as Record<string, unknown>)[key], (e as unknown as Record<string, unknown>)[key], `${where}.${key}`);
    });
    expect([actual.lexerErrors, actual.parserErrors, actual.lexerReport], file).toEqual([expected.lexerErrors, expected.parserErrors, expected.lexerReport]);
}

describe('the standard library\'s parse snapshot', () => {
    const snapshot = librarySnapshot();

    it.each(library.map((f) => [f.name, f.text]))('rebuilds %s as the parser builds it', (name, text) => {
        const services = createServices();
        const rebuilt = new SnapshotReader(snapshot, services).read(name, text);
        expect(rebuilt).toBeDefined();
        expectSameParse(rebuilt!, services.parser.LangiumParser.parse(text), name);
    });

    it('is not used for another text or by another grammar', () => {
        const services = createServices();
        const { name, text } = library[0];
        expect(new SnapshotReader(snapshot, services).read(name, `${text} `)).toBeUndefined();
        expect(new SnapshotReader(snapshot, services).read('other.vmdef', text)).toBeUndefined();
        expect(() => new SnapshotReader({ ...snapshot, grammar: { ...snapshot.grammar, hash: snapshot.grammar.hash ^ 1 } }, services)).toThrow(/another grammar/);
    });

    it('refuses a parse result with syntax errors', () => {
        const services = createServices();
        const text = 'hardware h { cpu 2 x @ }';
        expect(() => new SnapshotWriter(services).add('broken.vmdef', text, services.parser.LangiumParser.parse(text))).toThrow(/syntax errors/);
    });

    describe('in a checked workspace', () => {
        afterEach(() => setStdlibSnapshot(undefined));

        /** Everything a user sees of a check: each user file's diagnostics, and its run. */
        function seen(workspace: CheckedWorkspace) {
            const diagnostics = workspace.documents.map((d) => diagnosticsOf(d).map(({ range, severity, code, message, relatedInformation }) => ({ range, severity, code, message, related: relatedInformation })));
            if (diagnostics[0].some((d) => d.severity === 1)) return { diagnostics };
            const sim = Simulation.create(workspace, { maxCycles: 5e6 });
            sim.run();
            return { diagnostics, run: JSON.stringify(sim.result()) };
        }

        const files = vmdefFilesUnder(path.join(PROJECT_ROOT, 'examples'));
        it.each(files.map((f) => [path.basename(f), f]))('%s: the same diagnostics and run as with the library parsed', async (_, file) => {
            const sources = [{ path: file, text: fs.readFileSync(file, 'utf8') }];
            const parsed = seen(await checkWorkspace(sources, undefined, 'whole'));
            setStdlibSnapshot(() => snapshot);
            const services = createServices();
            const parse = vi.spyOn(services.parser.LangiumParser, 'parse');
            const workspace = await checkWorkspace(sources, services, 'whole');
            // only the user's file was parsed: the library came from the snapshot
            expect(parse).toHaveBeenCalledTimes(1);
            expect(seen(workspace)).toEqual(parsed);
        });
    });
});
