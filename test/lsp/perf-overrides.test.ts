// The performance overrides of language/perf/ change speed, not results.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AstUtils, createCompletionParser, createLangiumParser, LangiumCompletionParser, type AstNode, DefaultAstNodeDescriptionProvider, DefaultLinker, DefaultReferenceDescriptionProvider, OperationCancelled, ValidationRegistry, DocumentState, URI, type CstNode, type LangiumDocument, type ReferenceDescription } from 'langium';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkWorkspace, createServices, editorWorkspace } from '../../language/workspace.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';
import { stdlibFiles } from '../../language/stdlib.js';
import { REPO_ROOT } from '../helpers/lsp-client.js';
import { isHypervisor, isOs, type Os, type VmdefAstType } from '../../language/generated/ast.js';
import { sharedExamplesDir } from '../examples/annotations.js';

/** Every CST node as `kind offset+length hidden?`, depth first: equal lists = equal trees. */
function shape(node: CstNode, out: string[] = [], depth = 0): string[] {
    const children = (node as { content?: CstNode[] }).content;
    const { start, end } = node.range;
    out.push(`${depth} ${children ? 'composite' : 'leaf'} ${node.offset}+${node.length} ${start.line}:${start.character}-${end.line}:${end.character}`
        + `${node.hidden ? ' hidden' : ''} ${node.grammarSource?.$type ?? ''} ${astType(node)} ${node.text}`);
    // the links up: each child's container is this node, and all share one root
    if (children?.some((child) => child.container !== node || child.root !== node.root)) out.push(`${depth} children with another container or root`);
    children?.forEach((child) => shape(child, out, depth + 1));
    return out;
}

function astType(node: CstNode): string {
    try {
        return node.astNode.$type;
    } catch {
        return 'no AST node';
    }
}

function exampleTexts(): Array<[string, string]> {
    const dirs = [path.join(REPO_ROOT, 'examples'), sharedExamplesDir() ?? ''].filter((d) => fs.existsSync(d));
    const files = [...dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.vmdef')).map((f) => path.join(d, f))), ...stdlibFiles()];
    return files.map((f) => [f, fs.readFileSync(f, 'utf8')]);
}

describe('CST node builder without the empty hidden-token scan', () => {
    const services = createServices();
    const ours = services.parser.LangiumParser;
    const stock = createLangiumParser(services);

    it('is the parser the services use', () => {
        expect((ours as unknown as { nodeBuilder: object }).nodeBuilder.constructor.name).toBe('VmdefCstNodeBuilder');
        expect((stock as unknown as { nodeBuilder: object }).nodeBuilder.constructor.name).toBe('CstNodeBuilder');
    });

    const texts = exampleTexts();
    texts.push(['comments everywhere', '/* a */ hardware /* b */ h { // c\n cpu 2 cores /* d */ memory 4 GiB } // e\n/* f */ vm v on x { } /* g */']);
    texts.push(['comments at the start of nested nodes', '// head\nvm v: /*os*/ linux on /*hv*/ xen { /*1*/ vcpus /*2*/ 2 /*3*/ memory /*4*/ 4 /*5*/ GiB /*6*/ run /*7*/ p }\n'
        + 'program p { /*a*/ l: /*b*/ mov /*c*/ r1, /*d*/ 1 /*e*/ jnz /*f*/ l /*g*/ } // tail']);
    texts.push(['line endings and wide characters', 'hardware h {\r\n  cpu 2 cores /* two\r\nlines\rand more\n */ memory 4 GiB\r}\r\n// \u00e9\ud83d\ude00 tail\nprogram p { out com1, "\u00e9\ud83d\ude00" }']);
    texts.push(['broken', 'hardware h { cpu 2 x @ } hypervisor x: type3 on h { /* unterminated']);
    it.each(texts)('builds the same syntax tree and AST as Langium for %s', (_name, text) => {
        const expected = stock.parse(text);
        const actual = ours.parse(text);
        expect(shape(actual.value.$cstNode!)).toEqual(shape(expected.value.$cstNode!));
        expect(actual.parserErrors.map((e) => e.message)).toEqual(expected.parserErrors.map((e) => e.message));
        // The AST without its back links: references by their text.
        const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => {
            if (k.startsWith('$') && k !== '$type') return undefined;
            return x && typeof x === 'object' && '$refText' in x ? `ref:${x.$refText}` : x;
        }));
        expect(plain(actual.value)).toEqual(plain(expected.value));
        // The back links: every node's container, property and index, and the key order they were set in.
        const links = (root: AstNode) => AstUtils.streamAst(root).map((n) =>
            `${n.$type} in ${n.$container?.$type}.${n.$containerProperty}[${n.$containerIndex}] ${Object.keys(n).join(',')}`).toArray();
        expect(links(actual.value)).toEqual(links(expected.value));
    });
});

describe('completion parser built at the first completion', () => {
    it('is not built with the services, and then parses as Langium\'s does', () => {
        const services = createLspServices();
        const lazy = services.parser.CompletionParser;
        expect(lazy).not.toBeInstanceOf(LangiumCompletionParser);
        const stock = createCompletionParser(services);
        for (const [, text] of exampleTexts().slice(0, 6)) {
            for (const cut of [text.length, Math.floor(text.length / 2), text.indexOf('{') + 1]) {
                const prefix = text.slice(0, cut);
                const ours = lazy.parse(prefix);
                const theirs = stock.parse(prefix);
                expect([ours.tokenIndex, ours.tokens.map((t) => t.image), ours.elementStack.map((e) => e.$type)])
                    .toEqual([theirs.tokenIndex, theirs.tokens.map((t) => t.image), theirs.elementStack.map((e) => e.$type)]);
            }
        }
    });
});

describe('reference descriptions from the linked references', () => {
    // Langium's walk goes property by property (an os's syscalls, then its drivers, handlers and
    // boot), ours in document order; find references and the index do not depend on the order.
    it('are the ones Langium finds by walking the tree', async () => {
        const services = createServices();
        // The examples (the standard library is loaded anyway).
        const files = exampleTexts().filter(([file]) => !file.includes('/stdlib/')).map(([, text], i) => ({ path: `/cmp/example${i}.vmdef`, text }));
        files.push({ path: '/cmp/broken.vmdef', text: 'vm v: nowhere on xen { devices com1, nope run missing } hypervisor xen: type1 on h hardware h { cpu 1 cores memory 1 GiB device com1: serial }' });
        const checked = await checkWorkspace(files, services);
        const stock = new DefaultReferenceDescriptionProvider(services);
        const ours = services.workspace.ReferenceDescriptionProvider;
        expect(ours.constructor.name).toBe('VmdefReferenceDescriptionProvider');
        let total = 0;
        for (const document of [...checked.documents, ...checked.stdlib]) {
            const byOffset = (list: ReferenceDescription[]) => [...list].sort((a, b) => a.segment.offset - b.segment.offset);
            const expected = byOffset(await stock.createDescriptions(document));
            total += expected.length;
            expect(await ours.createDescriptions(document)).toEqual(expected);
        }
        expect(total).toBeGreaterThan(40); // 50 from the project's examples and the stdlib alone; more with ../shared
    });
});

describe('linking without a promise per node', () => {
    it('links the same references to the same targets, in the same order, as Langium\'s linker', async () => {
        const services = createServices();
        const files = exampleTexts().filter(([file]) => !file.includes('/stdlib/')).map(([, text], i) => ({ path: `/ln/example${i}.vmdef`, text }));
        files.push({ path: '/ln/broken.vmdef', text: 'vm v: nowhere on xen { devices com1, nope run missing } hypervisor xen: type1 on h hardware h { cpu 1 cores memory 1 GiB device com1: serial }\nprogram p { l: jmp l jnz gone }' });
        const checked = await checkWorkspace(files, services);
        const linker = services.references.Linker;
        expect(linker.constructor.name).toBe('VmdefLinker');
        const view = (document: LangiumDocument) => document.references.map((ref) => {
            const target = (ref as { ref?: unknown }).ref as { $type?: string; name?: string } | undefined;
            return `${ref.$refText}@${ref.$refNode?.offset} -> ${target ? `${target.$type} ${target.name}` : `error ${ref.error?.message}`}`;
        });
        let total = 0;
        for (const document of [...checked.documents, ...checked.stdlib]) {
            // (a one-shot check links the library lazily: link every document with ours here)
            linker.unlink(document);
            await linker.link(document);
            const ours = view(document);
            linker.unlink(document);
            await DefaultLinker.prototype.link.call(linker, document);
            const stock = view(document);
            expect(ours).toEqual(stock);
            total += stock.length;
            expect(stock.some((line) => line.includes('error'))).toBe(document.uri.path.endsWith('broken.vmdef'));
        }
        expect(total).toBeGreaterThan(50);
    });

    it('stops when cancelled', async () => {
        const services = createServices();
        const checked = await checkWorkspace([{ path: '/ln/one.vmdef', text: 'hardware h { cpu 1 cores memory 1 GiB } hypervisor x: type1 on h' }], services);
        const document = checked.documents[0];
        services.references.Linker.unlink(document);
        await expect(services.references.Linker.link(document, { isCancellationRequested: true, onCancellationRequested: () => ({ dispose() {} }) }))
            .rejects.toBe(OperationCancelled);
    });
});

describe('node descriptions with segments computed on first read', () => {
    it('carry the same name, path, type and segments as Langium\'s', async () => {
        const services = createServices();
        const files = exampleTexts().filter(([file]) => !file.includes('/stdlib/')).map(([, text], i) => ({ path: `/nd/example${i}.vmdef`, text }));
        const checked = await checkWorkspace(files, services);
        const stock = new DefaultAstNodeDescriptionProvider(services);
        const ours = services.workspace.AstNodeDescriptionProvider;
        expect(ours.constructor.name).toBe('VmdefAstNodeDescriptionProvider');
        const view = (d: ReturnType<typeof stock.createDescription>) => ({
            name: d.name, path: d.path, type: d.type, uri: d.documentUri.toString(), nameSegment: d.nameSegment, selectionSegment: d.selectionSegment,
        });
        let count = 0;
        for (const document of [...checked.documents, ...checked.stdlib]) {
            for (const element of (document.parseResult.value as { elements: Array<{ name?: string }> }).elements) {
                if (!element.name) continue;
                const node = element as unknown as Parameters<typeof stock.createDescription>[0];
                expect(view(ours.createDescription(node, undefined))).toEqual(view(stock.createDescription(node, undefined)));
                count++;
            }
        }
        expect(count).toBeGreaterThan(20);
    });
});

describe('validation registry', () => {
    it('hands out the same checks as Langium, per type and categories, also after more are registered', () => {
        const services = createServices();
        const registry = services.validation.ValidationRegistry;
        expect(registry.constructor.name).toBe('VmdefValidationRegistry');
        const stock = (type: string, categories?: Array<'fast' | 'slow' | 'built-in'>) => ValidationRegistry.prototype.getChecks.call(registry, type, categories).toArray();
        const types = services.shared.AstReflection.getAllTypes();
        for (const type of types) {
            expect(registry.getChecks(type).toArray()).toEqual(stock(type));
            expect(registry.getChecks(type, ['fast']).toArray()).toEqual(stock(type, ['fast']));
            expect(registry.getChecks(type, ['slow']).toArray()).toEqual(stock(type, ['slow']));
        }
        expect(registry.getChecks('Vm').count()).toBeGreaterThan(0);
        const before = registry.getChecks('Vm').count();
        registry.register<VmdefAstType>({ Vm: () => undefined });
        expect(registry.getChecks('Vm').count()).toBe(before + 1);
    });

    it('reports a failing check like Langium does and lets cancellation through', async () => {
        const services = createServices();
        const registry = services.validation.ValidationRegistry;
        registry.register<VmdefAstType>({
            Program: (program) => {
                if (program.name === 'sync_boom') throw new Error('sync failure');
                if (program.name === 'cancelled') throw OperationCancelled;
            },
            Os: async (os) => {
                if (os.name === 'async_boom') throw new Error('async failure');
            },
        });
        const quiet = console.error;
        console.error = () => undefined;
        try {
            const checked = await checkWorkspace([{ path: '/val/a.vmdef', text: 'program sync_boom { nop } os async_boom { }' }], services);
            const messages = (checked.documents[0].diagnostics ?? []).map((d) => d.message);
            expect(messages).toContain('An error occurred during validation: sync failure');
            expect(messages).toContain('An error occurred during validation: async failure');
            const check = registry.getChecks('Program').toArray().at(-1)!;
            expect(() => check({ $type: 'Program', name: 'cancelled' } as never, () => undefined, undefined as never)).toThrow();
        } finally {
            console.error = quiet;
        }
    });
});

describe('document builder', () => {
    async function workspace(files: Record<string, string>) {
        const services = createLspServices();
        const checked = await editorWorkspace(Object.entries(files).map(([name, text]) => ({ path: `/ws/${name}`, text })), services);
        const byName = (name: string) => checked.documents.find((d) => d.uri.path.endsWith('/' + name))!;
        const edit = async (name: string, text: string) => {
            const document = byName(name);
            const version = document.textDocument.version + 1;
            services.shared.workspace.TextDocuments!.set(TextDocument.create(document.uri.toString(), 'vmdef', version, text));
            await services.shared.workspace.DocumentBuilder.update([document.uri], []);
        };
        return { services, byName, edit };
    }
    const codesOf = (d: LangiumDocument) => (d.diagnostics ?? []).map((x) => x.code);

    it('re-validates the hypervisor when a VM in another file changes', async () => {
        const ws = await workspace({
            'host.vmdef': 'hardware h { cpu 2 cores memory 64 GiB } hypervisor xen: type1 on h',
            'a.vmdef': 'vm a on xen { vcpus 2 memory 1 GiB }',
            'b.vmdef': 'vm b on xen { vcpus 2 memory 1 GiB }',
        });
        expect(codesOf(ws.byName('host.vmdef'))).toContain('cpu-overcommit');
        await ws.edit('b.vmdef', 'vm b on xen { vcpus 0 memory 1 GiB }');
        expect(ws.byName('host.vmdef').state).toBe(DocumentState.Validated);
        expect(codesOf(ws.byName('host.vmdef'))).not.toContain('cpu-overcommit');
        // ... and when a VM moves onto it from nowhere.
        await ws.edit('b.vmdef', 'vm b on xen { vcpus 2 memory 1 GiB } vm c on xen { vcpus 1 memory 1 GiB }');
        expect(codesOf(ws.byName('host.vmdef'))).toContain('cpu-overcommit');
    });

    it('validates each document once per update: the standard library after the first build (not validated), with the opened file', async () => {
        // as the language server starts: the workspace's first build does not validate
        const services = createLspServices();
        const shared = services.shared.workspace;
        await shared.WorkspaceManager.initializeWorkspace([]);
        const validated: string[] = [];
        shared.DocumentBuilder.onDocumentPhase(DocumentState.Validated, (d) => {
            validated.push(d.uri.path.split('/').pop()!);
        });
        const uri = URI.file('/ws/main.vmdef');
        shared.TextDocuments!.set(TextDocument.create(uri.toString(), 'vmdef', 1,
            'hardware h { cpu 2 cores memory 4 GiB device com1: serial } hypervisor xen: type1 on h\nvm v: linux on xen { vcpus 1 memory 1 GiB devices com1 run p }\nprogram p { syscall exit(0) }'));
        await shared.DocumentBuilder.update([uri], []);
        expect(validated.sort()).toEqual(['costs.vmdef', 'main.vmdef', 'monitors.vmdef', 'os.vmdef', 'profiles.vmdef']);
    });

    it('re-links a document with an unresolved name only when an edit may declare that name', async () => {
        const ws = await workspace({
            'lost.vmdef': 'vm lost on nowhere { vcpus 1 memory 1 GiB }',
            'other.vmdef': 'hardware h { cpu 2 cores memory 4 GiB }',
        });
        const linker = ws.services.references.Linker;
        const linked: string[] = [];
        const link = linker.link.bind(linker);
        linker.link = (document, token) => {
            linked.push(URI.parse(document.uri.toString()).path);
            return link(document, token);
        };
        expect(codesOf(ws.byName('lost.vmdef'))).toContain('unresolved-reference');
        await ws.edit('other.vmdef', 'hardware h { cpu 4 cores memory 4 GiB }');
        expect(linked).toEqual(['/ws/other.vmdef']);
        await ws.edit('other.vmdef', 'hardware h { cpu 4 cores memory 4 GiB } hypervisor nowhere: type1 on h');
        expect(linked.slice(1).sort()).toEqual(['/ws/lost.vmdef', '/ws/other.vmdef']);
        expect(codesOf(ws.byName('lost.vmdef'))).not.toContain('unresolved-reference');
    });
});

describe('one-shot build (checkWorkspace: the command line, a debug launch)', () => {
    const TEXT = 'hardware h { cpu 2 cores memory 4 GiB } hypervisor xen: type1 on h\nvm v: linux on xen { vcpus 1 memory 1 GiB }';

    it('links the library when read and indexes no references; an update indexes what it skipped', async () => {
        const services = createServices();
        const checked = await checkWorkspace([{ path: '/one/a.vmdef', text: TEXT }], services);
        const os = checked.stdlib.find((d) => d.uri.path.endsWith('/os.vmdef'))!;
        // only what the user's file led to has been resolved (e.g. linux, pc_kernel)
        const all = AstUtils.streamAst(os.parseResult.value).flatMap((n) => AstUtils.streamReferences(n)).count();
        expect(all).toBeGreaterThan(100);
        expect(os.references.length).toBeLessThan(all / 10);
        const linux = AstUtils.streamAst(os.parseResult.value).find((n): n is Os => isOs(n) && n.name === 'linux')!;
        expect(linux.base?.ref?.name).toBe('pc_kernel');
        const [user] = checked.documents;
        expect(user.references.map((r) => `${r.$refText} -> ${((r as { ref?: { name?: string } }).ref)?.name}`)).toEqual(['h -> h', 'linux -> linux', 'xen -> xen']);
        const xen = AstUtils.streamAst(user.parseResult.value).find((n) => isHypervisor(n))!;
        const index = services.shared.workspace.IndexManager;
        const referencesToXen = () => index.findAllReferences(xen, services.workspace.AstNodeLocator.getAstNodePath(xen)).count();
        expect(referencesToXen()).toBe(0);
        await services.shared.workspace.DocumentBuilder.update([], []);
        expect(referencesToXen()).toBe(1);
    });

    it('gives the diagnostics an editor\'s build gives, for every example', async () => {
        const view = (d: LangiumDocument) => (d.diagnostics ?? []).map((x) => `${x.code} ${x.range.start.line}:${x.range.start.character} ${x.message}`);
        let compared = 0;
        for (const [file, text] of exampleTexts().filter(([f]) => !f.includes('/stdlib/'))) {
            const path = `/eq/${compared}/${file.split('/').pop()}`;
            const oneShot = await checkWorkspace([{ path, text }], createServices(), 'whole');
            // as the language server builds: every document linked and indexed up front
            const editor = await editorWorkspace([{ path, text }], createServices(), 'whole');
            expect(view(oneShot.documents[0]), file).toEqual(view(editor.documents[0]));
            compared++;
        }
        expect(compared).toBeGreaterThanOrEqual(10); // the project's own examples; more with ../shared
    });
});
