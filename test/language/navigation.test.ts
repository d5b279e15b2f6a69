import { describe, expect, it } from 'vitest';
import { SymbolKind, type DocumentSymbol, type Location, type LocationLink } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { SemanticTokensDecoder } from 'langium/lsp';
import { editorWorkspace, type CheckedWorkspace } from '../../language/workspace.js';
import { createLspServices, type VmdefLspServices } from '../../language/lsp/lsp-module.js';

// Two VMs with different OSes (linux under full virtualization, xenlinux under para) run
// program p on different hardware; myos is a workspace OS; a workspace `monitor para`
// overrides the standard library's console_io.
const SOURCE = `hardware rack {
    cpu 4 cores
    memory 16 GiB
    device com1: serial
    device disk0: disk
}
hardware other {
    cpu 4 cores
    memory 16 GiB
    device com1: serial
}
hypervisor xen: type1 on rack {
    virtualization para
}
hypervisor kvm: type1 on other
vm a: linux on kvm { run p }
vm b: xenlinux on xen { run p }
vm c: myos on kvm { run q }
vm bare on kvm { run k }
program p {
    syscall write(com1, 1)
    syscall exit(0)
}
program q {
loop:   syscall ping(com1)
        jmp loop
}
program k {
    syscall write(com1, 1)
}
os myos {
    syscall ping(dev) {
        out dev, 1
        out com1, 2
        hypercall console_io(dev, 1)
    }
}
monitor para {
    on console_io(dev, value) {
        hw io_write(dev, value)
    }
}
`;

type Ws = CheckedWorkspace<VmdefLspServices> & { doc: LangiumDocument };

async function open(source = SOURCE): Promise<Ws> {
    const ws = await editorWorkspace([{ path: '/ws/nav.vmdef', text: source }], createLspServices());
    return { ...ws, doc: ws.documents[0] };
}

/** The position of the `occurrence`-th `needle` in the document, `into` characters inside it. */
function position(doc: LangiumDocument, needle: string, occurrence = 0, into = 1) {
    const text = doc.textDocument.getText();
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${needle} #${occurrence} not in the document`);
    return doc.textDocument.positionAt(offset + into);
}

async function definition(ws: Ws, needle: string, occurrence = 0, into = 1): Promise<LocationLink[]> {
    const params = { textDocument: { uri: ws.doc.uri.toString() }, position: position(ws.doc, needle, occurrence, into) };
    return (await ws.services.lsp.DefinitionProvider!.getDefinition(ws.doc, params)) ?? [];
}

/** What a link points at: the document's file name, the selected text and its line. */
function describeLink(ws: Ws, link: LocationLink | Location) {
    const uri = 'targetUri' in link ? link.targetUri : link.uri;
    const range = 'targetSelectionRange' in link ? link.targetSelectionRange : link.range;
    const doc = [...ws.documents, ...ws.stdlib].find((d) => d.uri.toString() === uri)!;
    const lineText = doc.textDocument.getText({ start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } });
    return { file: uri.split('/').pop(), text: doc.textDocument.getText(range), line: lineText.trim() };
}

/** The name of the declaration enclosing a link's target (the `os`/`hardware` it belongs to). */
function enclosing(ws: Ws, link: LocationLink, keyword: string): string {
    const doc = [...ws.documents, ...ws.stdlib].find((d) => d.uri.toString() === link.targetUri)!;
    const before = doc.textDocument.getText({ start: { line: 0, character: 0 }, end: link.targetSelectionRange.start });
    const matches = [...before.matchAll(new RegExp(`^${keyword} (\\w+)`, 'gm'))];
    return matches[matches.length - 1][1];
}

describe('go to definition of a syscall', () => {
    it('goes to the syscall of each OS of the VMs running the program, in the standard library file', async () => {
        const ws = await open();
        const links = await definition(ws, 'write(com1', 0, 2);
        expect(links.map((l) => describeLink(ws, l))).toEqual([
            { file: 'os.vmdef', text: 'write', line: 'syscall write(dev, value) {' },
            { file: 'os.vmdef', text: 'write', line: 'syscall write(dev, value) {' },
        ]);
        expect(links.map((l) => enclosing(ws, l, 'os')).sort()).toEqual(['linux', 'xenlinux']);
        const stdlibOs = ws.stdlib.find((d) => d.uri.path.endsWith('/stdlib/os.vmdef'))!;
        expect(links[0].targetUri).toBe(stdlibOs.uri.toString());
        expect(links[0].targetUri).toMatch(/^file:\/\/.*\/language\/stdlib\/os\.vmdef$/);
        // The origin is the syscall name, the target range covers the whole declaration.
        expect(ws.doc.textDocument.getText(links[0].originSelectionRange!)).toBe('write');
        expect(links[0].targetRange.end.line).toBeGreaterThan(links[0].targetRange.start.line);
    });

    it('works with the cursor just after the name, as editors send it', async () => {
        const ws = await open();
        expect((await definition(ws, 'write(com1', 0, 5)).map((l) => enclosing(ws, l, 'os')).sort()).toEqual(['linux', 'xenlinux']);
    });

    it('goes to a workspace OS', async () => {
        const ws = await open();
        const links = await definition(ws, 'ping(com1', 0, 1);
        expect(links.map((l) => describeLink(ws, l))).toEqual([{ file: 'nav.vmdef', text: 'ping', line: 'syscall ping(dev) {' }]);
    });

    it('has no target when no VM running the program has an OS', async () => {
        const ws = await open();
        expect(await definition(ws, 'write(com1', 1, 2)).toEqual([]);
    });

    it('leaves the `syscall` keyword itself alone', async () => {
        const ws = await open();
        expect((await definition(ws, 'syscall write', 0, 2)).map((l) => describeLink(ws, l).text)).not.toContain('write');
    });
});

describe('go to definition of a hypercall', () => {
    it('goes to the workspace `monitor para` handler before the standard library one', async () => {
        const ws = await open();
        const links = await definition(ws, 'console_io(dev, 1)', 0, 3);
        expect(links.map((l) => describeLink(ws, l))).toEqual([{ file: 'nav.vmdef', text: 'console_io', line: 'on console_io(dev, value) {' }]);
    });

    it('goes to the standard library handler without a workspace monitor', async () => {
        const ws = await open(SOURCE.slice(0, SOURCE.indexOf('monitor para')));
        const links = await definition(ws, 'console_io(dev, 1)', 0, 3);
        expect(links.map((l) => describeLink(ws, l))).toEqual([
            { file: 'monitors.vmdef', text: 'console_io', line: 'on console_io(dev, value) {         // __HYPERVISOR_console_io (18)' },
        ]);
    });
});

describe('go to definition of an operand name', () => {
    it('goes to the parameter of the syscall it is in', async () => {
        const ws = await open();
        const links = await definition(ws, 'out dev', 0, 5);
        expect(links.map((l) => describeLink(ws, l))).toEqual([{ file: 'nav.vmdef', text: 'dev', line: 'syscall ping(dev) {' }]);
    });

    it('goes to the parameter of a monitor handler', async () => {
        const ws = await open();
        const links = await definition(ws, 'io_write(dev, value)', 0, 15);
        expect(links.map((l) => describeLink(ws, l))).toEqual([{ file: 'nav.vmdef', text: 'value', line: 'on console_io(dev, value) {' }]);
    });

    it("goes to the device of every hardware whose VMs run the program", async () => {
        const ws = await open();
        const links = await definition(ws, 'write(com1', 0, 7);
        expect(links.map((l) => describeLink(ws, l).line)).toEqual(['device com1: serial', 'device com1: serial']);
        expect(links.map((l) => enclosing(ws, l, 'hardware')).sort()).toEqual(['other', 'rack']);
    });

    it("goes to the device of the hardware of the VMs using the OS, from a syscall body", async () => {
        const ws = await open();
        const links = await definition(ws, 'out com1', 0, 5);
        expect(links.map((l) => [enclosing(ws, l, 'hardware'), describeLink(ws, l).text])).toEqual([['other', 'com1']]);
    });
});

describe('go to definition of cross-references', () => {
    it("keeps Langium's links for `run`, `on` and jump labels", async () => {
        const ws = await open();
        expect((await definition(ws, 'run q', 0, 4)).map((l) => describeLink(ws, l).line)).toEqual(['program q {']);
        expect((await definition(ws, 'on rack', 0, 4)).map((l) => describeLink(ws, l).line)).toEqual(['hardware rack {']);
        expect((await definition(ws, 'jmp loop', 0, 5)).map((l) => describeLink(ws, l).line)).toEqual(['loop:   syscall ping(com1)']);
        const os = await definition(ws, 'xenlinux on', 0, 1);
        expect(os.map((l) => [describeLink(ws, l).file, describeLink(ws, l).line])).toEqual([['os.vmdef', 'os xenlinux paravirtualized {']]);
    });
});

describe('find references', () => {
    async function references(ws: Ws, doc: LangiumDocument, needle: string, occurrence: number, into: number, includeDeclaration = false) {
        const params = { textDocument: { uri: doc.uri.toString() }, position: position(doc, needle, occurrence, into), context: { includeDeclaration } };
        return ws.services.lsp.ReferencesProvider!.findReferences(doc, params);
    }

    it('finds the calls of a standard-library syscall in the programs of the VMs using its OS', async () => {
        const ws = await open();
        const osDoc = ws.stdlib.find((d) => d.uri.path.endsWith('/stdlib/os.vmdef'))!;
        // linux's write: called by p (vm a); k calls `write` too but its VM has no OS.
        const refs = await references(ws, osDoc, 'syscall write', 0, 9);
        expect(refs.map((r) => describeLink(ws, r))).toEqual([{ file: 'nav.vmdef', text: 'write', line: 'syscall write(com1, 1)' }]);
        expect(refs[0].range.start.line).toBe(20);
        // windows is used by no VM here: nothing calls its NtWriteFile.
        expect(await references(ws, osDoc, 'NtWriteFile', 0, 2)).toEqual([]);
    });

    it('includes the declaration when asked', async () => {
        const ws = await open();
        const refs = await references(ws, ws.doc, 'ping(dev)', 0, 1, true);
        expect(refs.map((r) => [r.range.start.line, describeLink(ws, r).text])).toEqual([[31, 'ping'], [24, 'ping']]);
    });

    it('finds the hypercalls that reach a `monitor para` handler', async () => {
        const ws = await open();
        const refs = await references(ws, ws.doc, 'on console_io', 0, 4);
        // xenlinux's write and io_submit (standard library: the virtio ring's notify, else one
        // request per access) and myos's ping all call it.
        expect(refs.map((r) => describeLink(ws, r))).toEqual([
            { file: 'os.vmdef', text: 'console_io', line: 'hypercall console_io(dev, value)' },
            { file: 'os.vmdef', text: 'console_io', line: 'hypercall console_io(dev, ring)' },
            { file: 'os.vmdef', text: 'console_io', line: 'hypercall console_io(dev, r4)' },
            // a batch in user memory: the kernel's copy of the ring, or of one request at a time
            { file: 'os.vmdef', text: 'console_io', line: 'hypercall console_io(dev, 0x3400)  // a ring: one notify for the kernel\'s ring' },
            { file: 'os.vmdef', text: 'console_io', line: 'hypercall console_io(dev, r5)   // one request at a time' },
            { file: 'nav.vmdef', text: 'console_io', line: 'hypercall console_io(dev, 1)' },
        ]);
        // The standard library handler is overridden: no hypercall reaches it.
        const monitors = ws.stdlib.find((d) => d.uri.path.endsWith('/stdlib/monitors.vmdef'))!;
        expect(await references(ws, monitors, 'on console_io', 0, 4)).toEqual([]);
    });
});

describe('document symbols', () => {
    const OUTLINE = `hardware rack1 {
    cpu 4 cores
    memory 16 GiB
    device com1: serial
    device disk0: disk
}
hypervisor xen: type1 on rack1 {
    virtualization para
}
vm web: linux on xen {
    vcpus 2
    memory 4 GiB
    run p
}
program p {
loop:   nop
        jmp loop
}
os tiny {
    syscall ping(dev) {
        out dev, 1
    }
    on halt() {
        hw halt()
    }
}
monitor para {
    on console_io(dev, value) {
        hw io_write(dev, value)
    }
}
costs cheap {
    io 10
}
`;

    type Shape = { name: string; kind: SymbolKind; detail?: string; children?: Shape[] };
    const shape = (s: DocumentSymbol): Shape => ({
        name: s.name, kind: s.kind,
        ...(s.detail ? { detail: s.detail } : {}),
        ...(s.children ? { children: s.children.map(shape) } : {}),
    });

    it('gives a hierarchy of declarations with their facts and parts', async () => {
        const ws = await open(OUTLINE);
        const symbols = (await ws.services.lsp.DocumentSymbolProvider!.getSymbols(ws.doc, { textDocument: { uri: ws.doc.uri.toString() } })) as DocumentSymbol[];
        expect(symbols.map(shape)).toEqual([
            { name: 'rack1', kind: SymbolKind.Class, children: [
                { name: 'com1', kind: SymbolKind.Field, detail: 'serial' },
                { name: 'disk0', kind: SymbolKind.Field, detail: 'disk' },
            ] },
            { name: 'xen', kind: SymbolKind.Module, detail: 'type1 · para · on rack1' },
            { name: 'web', kind: SymbolKind.Object, detail: '2 vCPU · 4 GiB · linux on xen' },
            { name: 'p', kind: SymbolKind.Function, children: [{ name: 'loop', kind: SymbolKind.Key }] },
            { name: 'tiny', kind: SymbolKind.Namespace, children: [
                { name: 'ping', kind: SymbolKind.Method, detail: '(dev)' },
                { name: 'halt', kind: SymbolKind.Event, detail: '() · driver' },
            ] },
            { name: 'monitor para', kind: SymbolKind.Interface, children: [
                { name: 'console_io', kind: SymbolKind.Event, detail: '(dev, value)' },
            ] },
            { name: 'cheap', kind: SymbolKind.Struct, detail: 'costs', children: [{ name: 'io', kind: SymbolKind.Constant, detail: '10 cycles' }] },
        ]);
        // Each symbol spans its declaration and selects its name.
        const web = symbols[2];
        expect(ws.doc.textDocument.getText(web.selectionRange)).toBe('web');
        expect([web.range.start.line, web.range.end.line]).toEqual([9, 13]);
        expect(ws.doc.textDocument.getText(symbols[5].selectionRange)).toBe('para');
    });

    it('skips declarations the parser could not name and does not crash on broken text', async () => {
        const ws = await open('hardware { cpu 2 cores }\nvm v on { vcpus }\nprogram p { loop: nop');
        const symbols = (await ws.services.lsp.DocumentSymbolProvider!.getSymbols(ws.doc, { textDocument: { uri: ws.doc.uri.toString() } })) as DocumentSymbol[];
        expect(symbols.map((s) => s.name)).toEqual(['v', 'p']);
    });
});

describe('semantic tokens', () => {
    it('tells parameters from devices and unresolved names in operands', async () => {
        const ws = await open(SOURCE + 'program lost {\n    out nowhere, 1\n    mov r7, 1\n}\n');
        const provider = ws.services.lsp.SemanticTokenProvider!;
        const tokens = await provider.semanticHighlight(ws.doc, { textDocument: { uri: ws.doc.uri.toString() } });
        const decoded = SemanticTokensDecoder.decode(tokens, provider.tokenTypes, ws.doc);
        const at = (needle: string, occurrence = 0) => {
            const offset = position(ws.doc, needle, occurrence, 0);
            return decoded.filter((t) => t.offset === ws.doc.textDocument.offsetAt(offset)).map((t) => t.tokenType);
        };
        expect(at('dev, 1\n        out com1')).toEqual(['parameter']); // `out dev, 1` in myos
        expect(at('com1, 2')).toEqual(['property']); // a device of the hardware running myos
        expect(at('com1, 1)')).toEqual(['property']); // a device, in program p
        expect(at('nowhere')).toEqual([]); // names nothing: no semantic colour
        expect(at('write(com1')).toEqual(['function']);
        expect(at('io_write(dev')).toEqual(['function']);
        expect(at('r7')).toEqual(['variable']);
    });
});
