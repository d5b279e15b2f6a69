// The architecture's rules, checked on the code itself: no runtime import cycle (type-only
// imports are erased and do not count), a simulator free of VS Code, DAP, the file system and
// child processes, a command line and a debug adapter without the language server, no source
// file over 600 lines, no test file importing another, and bundles of Latin-1 text. The import graph
// is esbuild's own (the metafile of the entry points scripts/bundle.mjs builds), so it is
// exactly what ships.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a build script (JavaScript), no declarations
import { buildOptions, entries as bundledEntries } from '../scripts/bundle.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_LINES = 600;

/** Being split; the lead empties this list. */
const TOO_LONG_FOR_NOW = new Set<string>([]);

/** What `simulator/` may not import at run time. */
const FORBIDDEN_IN_SIMULATOR = [/^vscode$/, /^@vscode\/debugadapter/, /^(node:)?fs$/, /^(node:)?child_process$/];

type Graph = Map<string, { path: string; spec: string }[]>;

/** The entry points of scripts/bundle.mjs and scripts/build-web.mjs (read from them, so a new one is checked too). */
function entryPoints(): string[] {
    const bundle = fs.readFileSync(path.join(ROOT, 'scripts', 'bundle.mjs'), 'utf8');
    const entries = [...bundle.matchAll(/\{\s*in:\s*'([^']+)'/g)].map((m) => m[1]);
    const web = path.join(ROOT, 'scripts', 'build-web.mjs');
    if (fs.existsSync(web)) {
        for (const line of fs.readFileSync(web, 'utf8').split('\n').filter((l) => l.includes('entryPoints'))) {
            entries.push(...[...line.matchAll(/'(web\/[^']+\.ts)'/g)].map((m) => m[1]));
        }
    }
    const existing = entries.filter((e) => fs.existsSync(path.join(ROOT, e)));
    expect(existing.length).toBeGreaterThanOrEqual(3);
    return existing;
}

/** The runtime imports of every project file reachable from `entries` (node_modules left out). */
async function importGraph(entries: string[]): Promise<Graph> {
    const built = await esbuild.build({
        absWorkingDir: ROOT, entryPoints: entries, outdir: 'out-architecture-check', bundle: true, write: false, metafile: true,
        platform: 'node', target: 'node20', format: 'esm', logLevel: 'silent',
        // the web build's virtual modules (build-web.mjs plugins) are data, not code
        external: ['vscode', 'vmdef:*'],
    });
    const graph: Graph = new Map();
    for (const [file, input] of Object.entries(built.metafile.inputs)) {
        if (file.includes('node_modules/')) continue;
        graph.set(file, input.imports.map((i) => ({ path: i.path, spec: i.original ?? i.path })));
    }
    return graph;
}

/** Every cycle's files (strongly connected components of more than one file, or a file importing itself). */
function cycles(graph: Graph): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    const visit = (file: string) => {
        index.set(file, index.size);
        low.set(file, index.get(file)!);
        stack.push(file);
        onStack.add(file);
        for (const { path: next } of graph.get(file) ?? []) {
            if (!graph.has(next)) continue;
            if (!index.has(next)) {
                visit(next);
                low.set(file, Math.min(low.get(file)!, low.get(next)!));
            } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
        }
        if (low.get(file) !== index.get(file)) return;
        const component: string[] = [];
        let top: string;
        do {
            top = stack.pop()!;
            onStack.delete(top);
            component.push(top);
        } while (top !== file);
        if (component.length > 1 || graph.get(file)!.some((i) => i.path === file)) found.push(component.sort());
    };
    for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
    return found;
}

/** Source files (.ts, .mjs) of the project, generated code aside, relative to the root. */
function sourceFiles(dir = ROOT): string[] {
    const files: string[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'out') continue;
        const full = path.join(dir, e.name);
        const relative = path.relative(ROOT, full).split(path.sep).join('/');
        if (relative === 'language/generated') continue;
        if (e.isDirectory()) files.push(...sourceFiles(full));
        else if (/\.(ts|mjs)$/.test(e.name)) files.push(relative);
    }
    return files;
}

/** Lines as `wc -l` counts them (a last line without a newline counts too). */
function lineCount(text: string): number {
    return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/**
 * The lines of a bundle with a character past U+00FF, each after the source file it comes from
 * (esbuild's `// path` marker). V8 keeps every script's source for lazy compilation, as one byte
 * per character only if every character is Latin-1: one arrow in a comment esbuild keeps (it
 * escapes strings, not comments) doubles a 1.9 MB bundle's source in every process to 3.7 MB.
 */
function beyondLatin1(text: string): string[] {
    const found: string[] = [];
    let from = '?';
    for (const line of text.split('\n')) {
        const marker = /^\/\/ (\S+\.(?:ts|js|mjs))$/.exec(line);
        if (marker) from = marker[1];
        else if (/[^\u0000-\u00ff]/.test(line)) found.push(`${from}: ${line.trim()}`);
    }
    return found;
}

describe('architecture', () => {
    const entries = entryPoints();
    let built: Promise<Graph> | undefined;
    const graph = () => (built ??= importGraph(entries));

    it('has no runtime import cycle', async () => {
        const g = await graph();
        for (const entry of [...entries, 'simulator/engine.ts']) expect(g.has(entry), entry).toBe(true);
        expect(cycles(g)).toEqual([]);
    }, 60_000);

    it('keeps simulator/ free of VS Code, DAP, the file system and child processes', async () => {
        const forbidden: string[] = [];
        for (const [file, imports] of await graph()) {
            if (!file.startsWith('simulator/')) continue;
            for (const { spec } of imports) if (FORBIDDEN_IN_SIMULATOR.some((re) => re.test(spec))) forbidden.push(`${file} → ${spec}`);
        }
        expect(forbidden).toEqual([]);
    }, 60_000);

    it('bundles the Node entry points as Latin-1 text (comments say -> and --, not arrows and dashes)', async () => {
        const node = bundledEntries.filter((e: { browser?: boolean }) => !e.browser);
        expect(node.length).toBeGreaterThanOrEqual(3);
        for (const entry of node) {
            const built = await esbuild.build({ ...buildOptions(entry, { production: false }), absWorkingDir: ROOT, write: false, sourcemap: false, logLevel: 'silent' });
            expect(beyondLatin1(built.outputFiles![0].text), entry.in).toEqual([]);
        }
        expect(beyondLatin1('// a.ts\nconst a = 1; // a \u2192 b\nconst b = "\u00d7";')).toEqual(['a.ts: const a = 1; // a \u2192 b']);
    }, 60_000);

    it('keeps the language server out of the command line and the debug adapter', async () => {
        for (const entry of ['cli/index.ts', 'debugger/adapter-main.ts']) {
            const built = await esbuild.build({ absWorkingDir: ROOT, entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent', external: ['vscode'] });
            const inputs = Object.keys(built.metafile.inputs);
            expect(inputs.some((f) => f.startsWith('language/')), entry).toBe(true);
            // (Langium's core imports the LSP protocol's types; its server, Langium's LSP part and ours stay out)
            expect(inputs.filter((f) => /^language\/lsp\/|node_modules\/langium\/lib\/lsp\/|node_modules\/vscode-languageserver\//.test(f)), entry).toEqual([]);
        }
    }, 60_000);

    it('finds a cycle when there is one', () => {
        const graph: Graph = new Map([
            ['a.ts', [{ path: 'b.ts', spec: './b.js' }]],
            ['b.ts', [{ path: 'c.ts', spec: './c.js' }]],
            ['c.ts', [{ path: 'a.ts', spec: './a.js' }, { path: 'd.ts', spec: './d.js' }]],
            ['d.ts', [{ path: 'd.ts', spec: './d.js' }]],
            ['e.ts', [{ path: 'a.ts', spec: './a.js' }]],
        ]);
        expect(cycles(graph)).toEqual([['d.ts'], ['a.ts', 'b.ts', 'c.ts']]);
    });

    it(`has no source file over ${MAX_LINES} lines (generated code aside)`, () => {
        const files = sourceFiles();
        expect(files).toContain('simulator/engine.ts');
        const long = files
            .map((file) => ({ file, lines: lineCount(fs.readFileSync(path.join(ROOT, file), 'utf8')) }))
            .filter((f) => f.lines > MAX_LINES && !TOO_LONG_FOR_NOW.has(f.file))
            .map((f) => `${f.file}: ${f.lines} lines`);
        expect(long).toEqual([]);
    });

    it('has no test file importing another (its tests would register twice, or not, by load order)', () => {
        // the web suite's runner (test/e2e/web/index.ts) imports its suite on purpose: it runs in a browser, not in vitest
        const vitestFiles = sourceFiles().filter((f) => f.startsWith('test/') && !f.startsWith('test/e2e/'));
        expect(vitestFiles).toContain('test/paging/modes.test.ts');
        const importing = vitestFiles.filter((f) => /from '[^']*\.test\.js'/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
        expect(importing).toEqual([]);
    });
});
