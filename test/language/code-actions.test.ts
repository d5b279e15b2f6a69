// Every quick fix, applied to the text and re-validated: the diagnostic it fixes is gone.
import { describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { check, expectNo, type Checked } from './check-helper.js';

/** The quick fixes offered for the (first) diagnostic with `code` in `file`. */
async function fixesFor(checked: Checked, code: string, file = Object.keys(checked.texts)[0]): Promise<CodeAction[]> {
    const index = Object.keys(checked.texts).indexOf(file);
    const document = checked.workspace.documents[index];
    const diagnostic = checked.diagnostics[file].find((d) => d.code === code) as Diagnostic;
    expect(diagnostic, `a ${code} diagnostic`).toBeDefined();
    const provider = checked.workspace.services.lsp.CodeActionProvider!;
    const actions = await provider.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    });
    return (actions ?? []) as CodeAction[];
}

function applyEdits(text: string, edits: TextEdit[]): string {
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
    for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
    return text;
}

/** Applies the action's workspace edit to every file it touches. */
function apply(checked: Checked, action: CodeAction): Record<string, string> {
    const result = { ...checked.texts };
    for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
        const file = Object.keys(result).find((name) => uri.endsWith(`/${name}`));
        expect(file, uri).toBeDefined();
        result[file!] = applyEdits(result[file!], edits);
    }
    return result;
}

const HW = `hardware small {
    cpu 8 cores
    memory 32 GiB
    device com1: serial
}
`;

describe('quick fixes', () => {
    it('raises the CPU ratio by adding an overcommit line', async () => {
        const checked = await check(`${HW}hypervisor esx: type1 on small {\n    reserve 1 cpus\n}\nvm a on esx { vcpus 7 }\nvm b on esx { vcpus 5 }\n`);
        const [action] = await fixesFor(checked, 'cpu-overcommit');
        expect(action.title).toBe('Allow CPU overcommit up to 1.8:1');
        const fixed = apply(checked, action);
        expect(fixed['main.vmdef']).toContain('hypervisor esx: type1 on small {\n    overcommit cpu 1.8\n    reserve 1 cpus\n}');
        const after = await check(fixed);
        expectNo(after, 'cpu-overcommit');
        expect(after.diagnostics['main.vmdef'].map((d) => d.code)).toEqual(['cpu-overcommit-allowed']);
    });

    it('raises an existing memory ratio in place, and adds a ratio to an existing overcommit', async () => {
        const text = `${HW}hypervisor esx: type1 on small {\n    overcommit cpu 2.0, memory 1.0\n}\nvm a on esx { memory 40 GiB }\n`;
        const checked = await check(text);
        const fixed = apply(checked, (await fixesFor(checked, 'memory-overcommit'))[0]);
        expect(fixed['main.vmdef']).toContain('overcommit cpu 2.0, memory 1.3');
        expectNo(await check(fixed), 'memory-overcommit');
        const other = await check(text.replace(', memory 1.0', ''));
        const added = apply(other, (await fixesFor(other, 'memory-overcommit'))[0]);
        expect(added['main.vmdef']).toContain('overcommit cpu 2.0, memory 1.3');
    });

    it('creates the block when the hypervisor in another file has none', async () => {
        const checked = await check({ 'vms.vmdef': `vm a on esx { vcpus 8 }\nvm b on esx { vcpus 8 }\n`, 'hv.vmdef': `${HW}hypervisor esx: type1 on small\n` });
        const fixed = apply(checked, (await fixesFor(checked, 'cpu-overcommit', 'hv.vmdef'))[0]);
        expect(fixed['hv.vmdef']).toContain('hypervisor esx: type1 on small {\n    overcommit cpu 2.0\n}');
        expectNo(await check(fixed), 'cpu-overcommit');
    });

    it('switches the VM\'s OS to its paravirtualized variant (linux → xenlinux first)', async () => {
        const checked = await check(`${HW}hypervisor xen: type1 on small { virtualization para }\nos mypv paravirtualized { syscall exit(code) { hypercall sched_op(2, code) } }\nvm a: linux on xen { run p }\nprogram p { syscall exit(0) }\n`);
        const actions = await fixesFor(checked, 'pv-kernel-required');
        expect(actions.map((a) => a.title)).toEqual(["Use the paravirtualized OS 'xenlinux'", "Use the paravirtualized OS 'mypv'"]);
        expect(actions[0].isPreferred).toBe(true);
        const fixed = apply(checked, actions[0]);
        expect(fixed['main.vmdef']).toContain('vm a: xenlinux on xen');
        expectNo(await check(fixed), 'pv-kernel-required');
    });

    it('adds a host OS to a Type 2 hypervisor', async () => {
        const checked = await check(`${HW}hypervisor vb: type2 on small {\n    virtualization full\n}\n`);
        const fixed = apply(checked, (await fixesFor(checked, 'host-os-required'))[0]);
        expect(fixed['main.vmdef']).toContain('{\n    host linux { reserve 1 cpus, 2 GiB }\n    virtualization full\n}');
        const after = await check(fixed);
        expect(after.diagnostics['main.vmdef']).toEqual([]);
    });

    it('removes a forbidden host block with its line', async () => {
        const checked = await check(`${HW}hypervisor esx: type1 on small {\n    host linux { reserve 1 cpus }\n    virtualization full\n}\n`);
        const fixed = apply(checked, (await fixesFor(checked, 'host-os-forbidden'))[0]);
        expect(fixed['main.vmdef']).toContain('hypervisor esx: type1 on small {\n    virtualization full\n}');
        expect((await check(fixed)).diagnostics['main.vmdef']).toEqual([]);
    });

    it('hw-virt-unavailable: switch to binary, or add extensions vtx', async () => {
        const checked = await check(`${HW}hypervisor kvm: type1 on small {\n    virtualization hardware\n}\n`);
        const actions = await fixesFor(checked, 'hw-virt-unavailable');
        expect(actions.map((a) => a.title)).toEqual(["Switch to binary translation ('virtualization binary')", "Add 'extensions vtx' to hardware 'small'"]);
        for (const action of actions) expect((await check(apply(checked, action))).diagnostics['main.vmdef']).toEqual([]);
        expect(apply(checked, actions[1])['main.vmdef']).toContain('hardware small {\n    extensions vtx\n    cpu 8 cores');
        const withEpt = await check(`${HW.replace('memory 32 GiB', 'memory 32 GiB extensions ept')}hypervisor kvm: type1 on small { virtualization hardware }\n`);
        expect(apply(withEpt, (await fixesFor(withEpt, 'hw-virt-unavailable'))[1])['main.vmdef']).toContain('extensions ept, vtx');
    });

    it('nested-paging-unavailable: add extensions ept (npt on AMD), or use shadow paging', async () => {
        const checked = await check(`${HW.replace('memory 32 GiB', 'memory 32 GiB extensions vtx')}hypervisor kvm: type1 on small { virtualization hardware paging nested }\n`);
        const actions = await fixesFor(checked, 'nested-paging-unavailable');
        expect(actions.map((a) => a.title)).toEqual(["Add 'extensions ept' to hardware 'small'", "Use shadow page tables ('paging shadow')"]);
        for (const action of actions) expect((await check(apply(checked, action))).diagnostics['main.vmdef']).toEqual([]);
        expect(apply(checked, actions[0])['main.vmdef']).toContain('extensions vtx, ept');
        const amd = await check(`${HW.replace('memory 32 GiB', 'memory 32 GiB extensions svm')}hypervisor kvm: type1 on small { virtualization hardware paging nested }\n`);
        expect(apply(amd, (await fixesFor(amd, 'nested-paging-unavailable'))[0])['main.vmdef']).toContain('extensions svm, npt');
    });

    it('passthrough-without-iommu: add extensions vtd (amdvi on AMD hardware)', async () => {
        const vm = 'hypervisor kvm: type1 on small\nvm v on kvm { passthrough com1 }\n';
        const intel = await check(`${HW.replace('memory 32 GiB', 'memory 32 GiB\n    extensions vtx')}${vm}`);
        const actions = await fixesFor(intel, 'passthrough-without-iommu');
        expect(actions.map((a) => a.title)).toEqual(["Add 'extensions vtd' (an IOMMU) to hardware 'small'"]);
        expect(apply(intel, actions[0])['main.vmdef']).toContain('extensions vtx, vtd');
        expectNo(await check(apply(intel, actions[0])), 'passthrough-without-iommu');
        const amd = await check(`${HW.replace('memory 32 GiB', 'memory 32 GiB\n    extensions svm')}${vm}`);
        expect(apply(amd, (await fixesFor(amd, 'passthrough-without-iommu'))[0])['main.vmdef']).toContain('extensions svm, amdvi');
    });

    it('fidelity-violation: switch the full hypervisor (declared elsewhere) to binary or hardware', async () => {
        const checked = await check({
            'code.vmdef': `program kern {\n    pushf\n    hlt\n}\n`,
            'hv.vmdef': `${HW}hypervisor classic: type1 on small\nvm k on classic { run kern }\n`,
        });
        const actions = await fixesFor(checked, 'fidelity-violation', 'code.vmdef');
        expect(actions.map((a) => a.title)).toEqual([
            "Switch 'classic' to binary translation ('virtualization binary')",
            "Switch 'classic' to hardware assistance ('virtualization hardware', and 'extensions vtx' on 'small')",
        ]);
        for (const action of actions) {
            const fixed = apply(checked, action);
            expect(fixed['code.vmdef']).toBe(checked.texts['code.vmdef']);
            const after = await check(fixed);
            expect(Object.values(after.diagnostics).flat()).toEqual([]);
        }
    });

    it('fidelity-violation in an OS syscall: replaces an existing `virtualization full`', async () => {
        const checked = await check(`${HW}hypervisor classic: type1 on small {\n    virtualization full\n}\nos myos { syscall f() { popf } }\nvm a: myos on classic { run p }\nprogram p { syscall f() }\n`);
        const fixed = apply(checked, (await fixesFor(checked, 'fidelity-violation'))[0]);
        expect(fixed['main.vmdef']).toContain('virtualization binary\n');
        expectNo(await check(fixed), 'fidelity-violation');
    });

    it('vcpus-exceed-host: lower the vCPUs to what the host has', async () => {
        const checked = await check(`${HW}hypervisor esx: type1 on small { reserve 2 cpus overcommit cpu 4.0 }\nvm a on esx {\n    vcpus 12\n}\n`);
        const fixed = apply(checked, (await fixesFor(checked, 'vcpus-exceed-host'))[0]);
        expect(fixed['main.vmdef']).toContain('vcpus 6\n');
        expect((await check(fixed)).diagnostics['main.vmdef']).toEqual([]);
    });

    it('pv-kernel-needs-para: switch the hypervisor to para', async () => {
        const checked = await check(`${HW}hypervisor esx: type1 on small {\n    virtualization full\n}\nvm a: xenlinux on esx\n`);
        const fixed = apply(checked, (await fixesFor(checked, 'pv-kernel-needs-para'))[0]);
        expect(fixed['main.vmdef']).toContain('virtualization para\n');
        expect((await check(fixed)).diagnostics['main.vmdef']).toEqual([]);
    });

    it('passthrough-conflict: remove the second mention (only item, first item, later item)', async () => {
        const base = `${HW.replace('device com1: serial', 'extensions vtd\n    device com1: serial\n    device nic0: nic')}hypervisor esx: type1 on small\nvm db on esx {\n    passthrough nic0\n}\n`;
        const cases: [string, string][] = [
            ['vm app on esx {\n    devices nic0\n    vcpus 1\n}\n', 'vm app on esx {\n    vcpus 1\n}\n'],
            ['vm app on esx {\n    devices nic0, com1\n}\n', 'vm app on esx {\n    devices com1\n}\n'],
            ['vm app on esx {\n    devices com1, nic0\n}\n', 'vm app on esx {\n    devices com1\n}\n'],
        ];
        for (const [app, expected] of cases) {
            const checked = await check(base + app);
            const [action] = await fixesFor(checked, 'passthrough-conflict');
            expect(action.title).toBe("Remove 'nic0' from this VM's devices");
            const fixed = apply(checked, action);
            expect(fixed['main.vmdef']).toBe(base + expected);
            expect((await check(fixed)).diagnostics['main.vmdef']).toEqual([]);
        }
    });

    it('device-not-assigned: add the device to the devices of each VM that lacks it (a new line, or the end of the list)', async () => {
        const base = `${HW.replace('device com1: serial', 'device com1: serial\n    device com2: serial')}hypervisor esx: type1 on small\nprogram p {\n    out com2, 1\n    hlt\n}\n`;
        const cases: [string, string][] = [
            ['vm a on esx {\n    run p\n}\n', 'vm a on esx {\n    devices com2\n    run p\n}\n'],
            ['vm a on esx {\n    devices com1\n    run p\n}\n', 'vm a on esx {\n    devices com1, com2\n    run p\n}\n'],
        ];
        for (const [vm, expected] of cases) {
            const checked = await check(base + vm);
            const actions = await fixesFor(checked, 'device-not-assigned');
            expect(actions.map((a) => [a.title, a.isPreferred])).toEqual([["Add 'com2' to the devices of VM 'a'", true]]);
            const fixed = apply(checked, actions[0]);
            expect(fixed['main.vmdef']).toBe(base + expected);
            expect((await check(fixed)).diagnostics['main.vmdef']).toEqual([]);
        }
        const two = await check(`${base}vm a on esx { devices com2 run p }\nvm b on esx { run p }\nvm c on esx { devices com1 run p }\n`);
        expect((await fixesFor(two, 'device-not-assigned')).map((a) => a.title)).toEqual(["Add 'com2' to the devices of VM 'b'", "Add 'com2' to the devices of VM 'c'"]);
    });

    it('offers nothing for diagnostics without a mechanical fix', async () => {
        const checked = await check(`program p {\n    jmp nowhere\n}\n`);
        expect(await fixesFor(checked, 'undefined-label')).toEqual([]);
    });
});
