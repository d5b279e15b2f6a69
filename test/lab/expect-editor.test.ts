// `expect` lines in the editor's language features: completion of figure paths (the VM's own
// devices and the system's hypercalls among them, the whole typed path replaced) and hovers.
import { describe, expect, it } from 'vitest';
import { editorWorkspace } from '../../language/workspace.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';

const SETUP = `hardware rack { cpu 4 cores memory 8 GiB device com1: serial device disk0: disk }
hypervisor hv: type1 on rack
program p { syscall exit(0) }
vm w: linux on hv { devices com1 run p
`;

async function at(text: string) {
    const offset = text.indexOf('<|>');
    const source = text.replace('<|>', '');
    const ws = await editorWorkspace([{ path: '/ws/expect.vmdef', text: source }], createLspServices());
    const doc = ws.documents[0];
    const params = { textDocument: { uri: doc.uri.toString() }, position: doc.textDocument.positionAt(offset) };
    return { ws, doc, params };
}

async function complete(text: string) {
    const { ws, doc, params } = await at(text);
    return (await ws.services.lsp.CompletionProvider!.getCompletion(doc, params))?.items ?? [];
}

async function hover(text: string) {
    const { ws, doc, params } = await at(text);
    const h = await ws.services.lsp.HoverProvider!.getHoverContent(doc, params);
    return h ? (h.contents as { value: string }).value : undefined;
}

describe('expect lines in the editor', () => {
    it('after `expect`: the figure paths of this VM and the keywords', async () => {
        const items = await complete(SETUP + '    expect <|>\n}');
        const labels = items.map((i) => i.label);
        expect(labels).toEqual(expect.arrayContaining(['status', 'console', 'faithful', 'exits.io', 'cycles.hypervisor', 'interrupts.lost', 'io.com1.exits', 'hypercalls.console_io']));
        expect(labels).not.toContain('io.disk0.exits');
        expect(items.find((i) => i.label === 'exits.io')?.detail).toBe('times the hypervisor took control because of the guest, for reason io (0 if never)');
    });

    it('inside a path: every path, each replacing the whole path typed so far', async () => {
        const text = SETUP + '    expect exits.i<|>\n}';
        const io = (await complete(text)).find((i) => i.label === 'exits.io');
        const line = text.split('\n').findIndex((l) => l.includes('exits.i'));
        expect(io?.textEdit).toEqual({ newText: 'exits.io', range: { start: { line, character: 11 }, end: { line, character: 18 } } });
    });

    it('hovers: a figure path says what it counts; the keywords say what they require', async () => {
        expect(await hover(SETUP + '    expect cycles.hyper<|>visor < 10%\n}')).toBe(
            "**cycles.hypervisor** — cycles charged to the hypervisor layer, summed over the VM's vCPUs (with %: its share of the VM's total)");
        expect(await hover(SETUP + '    expect io.com1.exits <|>< 10\n}')).toBeUndefined();
        expect(await hover(SETUP + '    exp<|>ect faithful\n}')).toMatch(/^\*\*expect\*\* — what a lab requires of the VM's run/);
        expect(await hover(SETUP + '    expect faith<|>ful\n}')).toMatch(/^\*\*faithful\*\* — no divergence from native/);
    });
});
