import { describe, expect, it } from 'vitest';
import { URI } from 'langium';
import { editorWorkspace } from '../../language/workspace.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';

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
    const ws = await editorWorkspace([{ path: '/ws/lsp.vmdef', text: SOURCE }], createLspServices());
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

    it("shows the signature of a called syscall in the OS of each VM running the code", async () => {
        const { hover } = await open();
        // `write` in `    syscall write(com1, r1)`: the VM runs linux, from the standard library
        expect(await hover(11, 14)).toBe("**syscall write** — enters the kernel of the VM's OS:\n- OS `linux`: `write(dev, value)` (standard library)");
    });

    it('shows the monitor handler a hypercall enters', async () => {
        const text = 'os pv paravirtualized {\n    syscall write(dev, value) {\n        hypercall console_io(dev, value)\n    }\n}\n';
        const ws = await editorWorkspace([{ path: '/ws/pv.vmdef', text }], createLspServices());
        const doc = ws.documents[0];
        const h = await ws.services.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.uri.toString() }, position: { line: 2, character: 20 } });
        expect((h?.contents as { value: string }).value).toBe("**hypercall console_io(dev, value)** — handled by the hypervisor's `monitor para` (standard library)");
    });

    it('explains declaration keywords in one line, by where they stand', async () => {
        const { hover } = await open();
        expect(await hover(8, 24)).toMatch(/^\*\*vcpus\*\* — the number of virtual CPUs/); // `vcpus`
        expect(await hover(2, 5)).toMatch(/^\*\*memory\*\* — memory size/); // `memory 64 GiB`
        expect(await hover(1, 5)).toMatch(/^\*\*cpu\*\* — the physical CPUs/);
        expect(await hover(1, 22)).toMatch(/^\*\*cores\*\* — cores per socket/); // a topology unit, not a keyword
        expect(await hover(5, 1)).toMatch(/^\*\*hypervisor\*\* — declares a hypervisor/);
        expect(await hover(6, 6)).toMatch(/^\*\*reserve\*\*/);
        const other = await editorWorkspace([{ path: '/ws/kw.vmdef', text: KEYWORDS }], createLspServices());
        const doc = other.documents[0];
        const at = async (needle: string, line: number) => {
            const character = KEYWORDS.split('\n')[line].indexOf(needle) + 1;
            const h = await other.services.lsp.HoverProvider!.getHoverContent(doc, { textDocument: { uri: doc.uri.toString() }, position: { line, character } });
            return h ? (h.contents as { value: string }).value : undefined;
        };
        expect(await at('overcommit', 2)).toMatch(/^\*\*overcommit\*\* — how far the VMs may ask/);
        expect(await at('memory', 2)).toMatch(/^\*\*memory\*\* — the memory overcommit ratio/);
        expect(await at('virtualization', 3)).toMatch(/^\*\*virtualization\*\* — the technique/);
        expect(await at('hardware', 3)).toMatch(/^\*\*hardware\*\* — hardware-assisted virtualization/);
        expect(await at('hardware', 0)).toMatch(/^\*\*hardware\*\* — declares a physical machine/);
    });
});

const KEYWORDS = `hardware hw1 { cpu 4 cores memory 8 GiB extensions vtx }
hypervisor kvm: type1 on hw1 {
    overcommit cpu 2.0, memory 1.5
    virtualization hardware
}
`;

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
        const ws = await editorWorkspace([{ path: '/ws/complete.vmdef', text: source }], createLspServices());
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
