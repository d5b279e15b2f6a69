// Half-written definitions (every fixture cut short and with tokens dropped, deterministically)
// must give located diagnostics, never a check that throws (Langium would turn it into an
// "An error occurred during validation" diagnostic).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, diagnosticsOf } from '../../language/workspace.js';

const FIXTURES = path.resolve(__dirname, '../fixtures/diagnostics');

/** A small deterministic generator (no Math.random: failures must be reproducible). */
function lcg(seed: number): () => number {
    let state = seed >>> 0;
    return () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function mutations(text: string, seed: number): string[] {
    const random = lcg(seed);
    const tokens = text.split(/(\s+)/);
    const result: string[] = [];
    for (let i = 0; i < 6; i++) {
        result.push(text.slice(0, Math.floor(random() * text.length)));
        const dropped = tokens.filter(() => random() > 0.08).join('');
        result.push(dropped);
    }
    return result;
}

describe('validation on broken input', () => {
    for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.vmdef')).sort()) {
        it(`never throws on mutations of ${file}`, async () => {
            const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
            const seed = [...file].reduce((n, c) => n * 31 + c.charCodeAt(0), 7);
            for (const mutated of mutations(text, seed)) {
                const workspace = await checkWorkspace([{ path: `/fuzz/${file}`, text: mutated }]);
                const crashes = diagnosticsOf(workspace.documents[0]).filter((d) => /error occurred/i.test(d.message) || d.code === undefined);
                expect(crashes.map((d) => d.message), mutated).toEqual([]);
            }
        });
    }
});
