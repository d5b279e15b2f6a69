import { describe, expect, it } from 'vitest';
import { URI } from 'langium';
import { checkWorkspace } from '../../language/workspace.js';

const SOURCE = `hardware rack {
    cpu 2 sockets x 4 cores x 2 threads @ 3 GHz
    memory 64 GiB
    device com1: serial
}
hypervisor xen: type1 on rack {
    reserve 2 cpus, 4 GiB
}
vm web: linux on xen { vcpus 2 memory 4 GiB devices com1 run p }
program p {
    mov r1, 1
    syscall write(com1, r1)
    pushf
}
`;

async function open() {
    const ws = await checkWorkspace([{ path: '/ws/lsp.vmdef', text: SOURCE }]);
    const doc = ws.documents[0];
    const lsp = ws.services.lsp;
    const at = (line: number, character: number) => ({ textDocument: { uri: doc.uri.toString() }, position: { line, character } });
    const hover = async (line: number, character: number) => {
        const h = await lsp.HoverProvider!.getHoverContent(doc, at(line, character));
        return h ? (h.contents as { value: string }).value : undefined;
    };
    return { doc, lsp, hover };
}

describe('hover', () => {
    it('explains how each technique runs a privileged instruction', async () => {
        const { hover } = await open();
        // line 11 (0-based) is `    syscall write(com1, r1)`, line 12 `    pushf`
        expect(await hover(12, 5)).toContain('fidelity violation');
        expect(await hover(11, 6)).toContain("enter the VM's OS kernel");
        expect(await hover(10, 5)).toContain('Runs directly on the CPU');
    });

    it('shows the capacity of a hypervisor after reservations', async () => {
        const { hover } = await open();
        const text = await hover(5, 12); // `xen`
        expect(text).toContain('14 usable of 16');
        expect(text).toContain('60 GiB usable of 64 GiB');
    });

    it('shows the hardware behind a reference', async () => {
        const { hover } = await open();
        expect(await hover(5, 27)).toContain('16 pCPUs @ 3 GHz, 64 GiB'); // `rack` in `on rack`
    });
});

describe('inlay hints', () => {
    it('adds the pCPU count of a topology and the usable capacity of a hypervisor', async () => {
        const { doc, lsp } = await open();
        const hints = await lsp.InlayHintProvider!.getInlayHints(doc, {
            textDocument: { uri: URI.file('/ws/lsp.vmdef').toString() },
            range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
        });
        const labels = (hints ?? []).map((h) => [h.position.line, h.label]);
        expect(labels).toContainEqual([1, ' = 16 pCPUs']);
        expect(labels).toContainEqual([5, '14 pCPUs · 60 GiB usable']);
    });
});

describe('completion', () => {
    async function complete(text: string): Promise<string[]> {
        const offset = text.indexOf('<|>');
        const source = text.replace('<|>', '');
        const ws = await checkWorkspace([{ path: '/ws/complete.vmdef', text: source }]);
        const doc = ws.documents[0];
        const list = await ws.services.lsp.CompletionProvider!.getCompletion(doc, {
            textDocument: { uri: doc.uri.toString() },
            position: doc.textDocument.positionAt(offset),
        });
        return (list?.items ?? []).map((i) => i.label);
    }
    const setup = `hardware rack { cpu 4 cores memory 8 GiB device com1: serial device disk0: disk }
        hypervisor hv: type1 on rack
        vm w: windows on hv { vcpus 1 memory 1 GiB devices com1 run p }\n`;

    it('offers the syscalls of the OS of the VMs that run the program', async () => {
        const labels = await complete(setup + 'program p { syscall <|> }');
        expect(labels).toContain('NtWriteFile');
        expect(labels).not.toContain('write');
    });

    it('offers the devices of the hardware as operands', async () => {
        const labels = await complete(setup + 'program p { syscall NtWriteFile(<|> }');
        expect(labels).toEqual(expect.arrayContaining(['com1', 'disk0']));
    });

    it('offers memory units after a memory size', async () => {
        const labels = await complete('hardware h { memory 4 <|> }');
        expect(labels).toEqual(expect.arrayContaining(['MiB', 'GiB']));
        expect(labels).not.toContain('ms');
    });

    it('offers the hardware command set after hw', async () => {
        const labels = await complete('monitor full { on x() { hw <|> } }');
        expect(labels).toEqual(expect.arrayContaining(['io_write', 'halt', 'emulate']));
    });
});
