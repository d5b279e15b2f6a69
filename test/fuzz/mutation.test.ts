// Mutation fuzzing: thousands of broken variants of the example files go through parse, link
// and validate. Nothing may throw, every diagnostic must keep a stable code and a sane range,
// and no mutant may take a second. Deterministic: a seeded PRNG, so a failure reproduces.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, createServices } from '../../language/workspace.js';
import { REPO_ROOT } from '../helpers/lsp-client.js';
import { sharedExamplesDir } from '../examples/annotations.js';
import { prng } from '../helpers/prng.js';

const MUTANTS = 3_000;
const SEED = 0x5eed;


// Tokens as a user sees them, whitespace and comments included, so mutants stay plausible.
const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|./g;
const NOISE = ['{', '}', '(', ')', ':', ',', '@', '[', ']', '"', '/*', '*/', '//', '\n', '\0', '\u00e9', '\ud83d\ude00', '\ufeff', '0x', '-', '%', 'x', 'vm', 'on', 'hypervisor', 'type2', 'program', 'GiB', '99999999999999999999'];

function mutate(text: string, random: () => number): { text: string; how: string[] } {
    let tokens = text.match(TOKEN) ?? [];
    const pick = () => Math.floor(random() * Math.max(1, tokens.length));
    const how: string[] = [];
    const steps = 1 + Math.floor(random() * 3);
    for (let s = 0; s < steps; s++) {
        const r = random();
        if (r < 0.25) {
            const i = pick();
            how.push(`delete ${i}`);
            tokens.splice(i, 1 + Math.floor(random() * 3));
        } else if (r < 0.45) {
            const i = pick();
            how.push(`duplicate ${i}`);
            tokens.splice(i, 0, ...tokens.slice(i, i + 1 + Math.floor(random() * 4)));
        } else if (r < 0.65) {
            const i = pick();
            const j = pick();
            how.push(`swap ${i} ${j}`);
            [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
        } else if (r < 0.9) {
            const i = pick();
            const insert = random() < 0.5
                ? NOISE[Math.floor(random() * NOISE.length)]
                : Array.from({ length: 1 + Math.floor(random() * 8) }, () => String.fromCharCode(Math.floor(random() * 0x3000))).join('');
            how.push(`insert ${i} ${JSON.stringify(insert)}`);
            tokens.splice(i, 0, insert);
        } else {
            const joined = tokens.join('');
            const at = Math.floor(random() * joined.length);
            how.push(`truncate ${at}`);
            tokens = joined.slice(0, at).match(TOKEN) ?? [];
        }
    }
    return { text: tokens.join(''), how };
}

function examples(): Array<{ name: string; text: string }> {
    const dirs = [sharedExamplesDir() ?? '', path.join(REPO_ROOT, 'examples')].filter((d) => fs.existsSync(d));
    const seen = new Set<string>();
    const result: Array<{ name: string; text: string }> = [];
    for (const dir of dirs) {
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.vmdef')).sort()) {
            const text = fs.readFileSync(path.join(dir, file), 'utf8');
            if (seen.has(text)) continue;
            seen.add(text);
            result.push({ name: file, text });
        }
    }
    return result;
}

describe('mutation fuzz', () => {
    it(`parses, links and validates ${MUTANTS} mutants of the examples without an exception or a slow one`, async () => {
        const sources = examples();
        expect(sources.length).toBeGreaterThan(0);
        const random = prng(SEED);
        const perSource = Math.ceil(MUTANTS / sources.length);
        let slowest = { ms: 0, source: '', how: [] as string[] };
        let total = 0;
        let withErrors = 0;
        for (const source of sources) {
            // One service instance (and one built standard library) per example: a batch.
            const services = createServices();
            // The unmutated example first, untimed: the JIT warm-up is not a slow mutant.
            const warm = await checkWorkspace([{ path: `/fuzz/${source.name}`, text: source.text }], services);
            services.shared.workspace.LangiumDocuments.deleteDocument(warm.documents[0].uri);
            services.shared.workspace.IndexManager.remove(warm.documents[0].uri);
            const documents = services.shared.workspace.LangiumDocuments;
            const factory = services.shared.workspace.LangiumDocumentFactory;
            for (let i = 0; i < perSource && total < MUTANTS; i++, total++) {
                const mutant = mutate(source.text, random);
                const uri = URI.file(`/fuzz/${source.name}.${i}.vmdef`);
                const start = performance.now();
                let document: LangiumDocument | undefined;
                try {
                    document = factory.fromString(mutant.text, uri);
                    documents.addDocument(document);
                    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
                } catch (e) {
                    throw new Error(`${source.name} mutant ${i} (${mutant.how.join(', ')}) threw: ${(e as Error)?.stack ?? e}\n--- text ---\n${mutant.text}`);
                }
                const ms = performance.now() - start;
                if (ms > slowest.ms) slowest = { ms, source: source.name, how: mutant.how };
                for (const d of document.diagnostics ?? []) {
                    if (typeof d.code !== 'string' || d.code === '' || d.range.start.line < 0 || d.range.end.line < d.range.start.line) {
                        throw new Error(`${source.name} mutant ${i} (${mutant.how.join(', ')}): bad diagnostic ${JSON.stringify(d)}`);
                    }
                }
                if ((document.diagnostics ?? []).some((d) => d.severity === 1)) withErrors++;
                documents.deleteDocument(uri);
                services.shared.workspace.IndexManager.remove(uri);
            }
        }
        console.log(`mutation fuzz: ${total} mutants of ${sources.length} examples, ${withErrors} with errors; slowest ${slowest.ms.toFixed(1)} ms (${slowest.source}: ${slowest.how.join(', ')})`);
        expect(total).toBe(MUTANTS);
        // Most mutants must be broken, or the mutations test nothing.
        expect(withErrors).toBeGreaterThan(MUTANTS / 2);
        expect(slowest.ms).toBeLessThan(1000);
    }, 120_000);
});
