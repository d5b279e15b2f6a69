// Incremental re-parsing (language/perf/incremental-parse.ts) must give exactly the tree a full
// parse gives: a seeded chain of random edits, each compared with a fresh full parse.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLangiumParser, URI, type CstNode } from 'langium';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editorWorkspace } from '../../language/workspace.js';
import type { VmdefDocumentFactory } from '../../language/perf/incremental-parse.js';
import { REPO_ROOT } from '../helpers/lsp-client.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';

function shape(node: CstNode, out: string[] = [], depth = 0): string[] {
    const children = (node as { content?: CstNode[] }).content;
    const { start, end } = node.range;
    out.push(`${depth} ${node.offset}+${node.length} ${start.line}:${start.character}-${end.line}:${end.character}${node.hidden ? ' hidden' : ''} ${node.grammarSource?.$type ?? ''} ${children ? '' : node.text}`);
    // the links up: each child's container is this node, and all share one root
    if (children?.some((child) => child.container !== node || child.root !== node.root)) out.push(`${depth} children with another container or root`);
    children?.forEach((child) => shape(child, out, depth + 1));
    return out;
}

function plain(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value, (k, x) => {
        if (k === '$containerIndex' || k === '$containerProperty' || k === '$type') return x;
        if (k.startsWith('$')) return undefined;
        return x && typeof x === 'object' && '$refText' in x ? `ref:${x.$refText}` : x;
    }));
}

function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = Math.imul(a ^ (a >>> 15), a | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const INSERTS = [' ', '\n', '\r\n', 'x', '}', '{', '7', ' GiB', '//', '// note\n', '/*', '*/', '/* c */', 'vm v1 on esx\n', 'hardware h9 { cpu 1 cores memory 1 GiB }\n', '"', 'vcpus 2 '];

const EDITS = 60;

describe('incremental re-parse', () => {
    it('gives the same syntax tree, AST and errors as a full parse after each of 240 random edits', async () => {
        const dir = path.join(REPO_ROOT, 'examples');
        let text = fs.readdirSync(dir).filter((f) => f.endsWith('.vmdef')).sort()
            .map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n// ----\n');
        const services = createLspServices();
        const uri = URI.file('/incremental/edited.vmdef');
        const textDocuments = services.shared.workspace.TextDocuments!;
        textDocuments.set(TextDocument.create(uri.toString(), 'vmdef', 1, text));
        await editorWorkspace([{ path: uri.toString(), text }], services);
        const stock = createLangiumParser(services);
        const random = prng(42);
        const factory = services.shared.workspace.LangiumDocumentFactory as VmdefDocumentFactory;
        const base = text;
        let version = 1;
        const check = async (edited: string, context: string) => {
            textDocuments.set(TextDocument.create(uri.toString(), 'vmdef', ++version, edited));
            await services.shared.workspace.DocumentBuilder.update([uri], []);
            const document = services.shared.workspace.LangiumDocuments.getDocument(uri)!;
            const expected = stock.parse(edited);
            const actual = document.parseResult;
            expect(actual.value.$cstNode!.root.fullText, context).toBe(edited);
            expect(shape(actual.value.$cstNode!), context).toEqual(shape(expected.value.$cstNode!));
            expect(plain(actual.value), context).toEqual(plain(expected.value));
            expect(actual.parserErrors.length + actual.lexerErrors.length, context).toBe(expected.parserErrors.length + expected.lexerErrors.length);
            expect(document.diagnostics, context).toBeDefined();
        };
        // Each edit starts from the valid text (the incremental path needs an error-free tree),
        // then a second edit on top of it, then back to the valid text (a full parse when broken).
        for (let edit = 0; edit < EDITS; edit++) {
            let edited = base;
            const steps: string[] = [];
            for (let step = 0; step < 2; step++) {
                const at = Math.floor(random() * (edited.length + 1));
                const r = random();
                if (r < 0.3) {
                    // Keeps the text valid: a different number.
                    const numbers = [...edited.matchAll(/\b\d+\b/g)];
                    const m = numbers[Math.floor(random() * numbers.length)];
                    const value = String(1 + Math.floor(random() * 64));
                    edited = edited.slice(0, m.index) + value + edited.slice(m.index! + m[0].length);
                    steps.push(`number at ${m.index} -> ${value}`);
                } else if (r < 0.65) {
                    const insert = INSERTS[Math.floor(random() * INSERTS.length)];
                    edited = edited.slice(0, at) + insert + edited.slice(at);
                    steps.push(`insert ${JSON.stringify(insert)} at ${at}`);
                } else if (r < 0.85) {
                    const length = 1 + Math.floor(random() * 20);
                    steps.push(`delete ${JSON.stringify(edited.slice(at, at + length))} at ${at}`);
                    edited = edited.slice(0, at) + edited.slice(at + length);
                } else {
                    const from = Math.floor(random() * edited.length);
                    const piece = edited.slice(from, from + Math.floor(random() * 80));
                    edited = edited.slice(0, at) + piece + edited.slice(at);
                    steps.push(`copy ${JSON.stringify(piece)} to ${at}`);
                }
                await check(edited, `edit ${edit}: ${steps.join('; ')}`);
            }
            await check(base, `edit ${edit}: back to the valid text`);
        }
        // The chain must have exercised the incremental path, not only the fallback.
        expect(factory.stats.incremental).toBeGreaterThan(EDITS / 2);
        console.log(`incremental re-parse: ${factory.stats.incremental} incremental, ${factory.stats.full} full`);
    }, 120_000);
});
