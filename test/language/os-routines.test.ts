// Kernel routines (docs/language.md, Routines): `routine NAME(...) { ... }` in an OS, bound by
// `syscall NAME(...) = ROUTINE` in it or an OS built on it; the routine's body runs under the
// syscall's name, charged as if written there; no program calls a routine by name.
import { describe, expect, it } from 'vitest';
import type { Os } from '../../language/generated/ast.js';
import { routinesOf, syscallsOf } from '../../language/os-members.js';
import { check, rangeOf } from './check-helper.js';
import { run, vm } from '../simulator/helpers.js';
import { checkWorkspace, editorWorkspace } from '../../language/workspace.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';

const BODY = `mov r3, value
        cmp r3, 0
        jz done
        out dev, r3
        add r3, 1
        out dev, r3
done:   ret`;
const BOUND = `os base {
    routine emit(dev, value) {
        ${BODY}
    }
}
os lin: base {
    syscall put(dev, value) = emit
    syscall exit(code) { hlt }
}
os win: base {
    syscall NtPut(handle, value) = emit
    syscall NtExit(status) { hlt }
}
`;
// the same, with the body written out in each syscall (the routine's parameter names kept)
const WRITTEN = `os base { }
os lin: base {
    syscall put(dev, value) {
        ${BODY}
    }
    syscall exit(code) { hlt }
}
os win: base {
    syscall NtPut(dev, value) {
        ${BODY}
    }
    syscall NtExit(status) { hlt }
}
`;
const SYSTEM = `hardware box { cpu 2 cores memory 4 GiB extensions vtx device com1: serial }
hypervisor hv: type1 on box { virtualization full }
program p { mov r1, 65 syscall put(com1, r1) syscall put(com1, 0) syscall exit(0) }
program q { mov r1, 70 syscall NtPut(com1, r1) syscall NtExit(0) }
vm a: lin on hv { memory 1 MiB devices com1 run p }
vm b: win on hv { memory 1 MiB devices com1 run q }
`;

function oses(elements: { $type: string }[]): Map<string, Os> {
    return new Map(elements.filter((e) => e.$type === 'Os').map((e) => [(e as Os).name, e as Os]));
}

describe('kernel routines', () => {
    it('parses a routine and a bound syscall: the reference links to the base\'s routine', async () => {
        const checked = await check(BOUND + SYSTEM);
        expect(checked.diagnostics['main.vmdef']).toEqual([]);
        const all = oses(checked.workspace.documents[0].parseResult.value.elements);
        const routine = all.get('base')!.routines[0];
        expect([routine.name, routine.params.map((p) => p.name), routine.body.length]).toEqual(['emit', ['dev', 'value'], 8]);
        const put = all.get('lin')!.syscalls[0];
        expect([put.name, put.params.map((p) => p.name), put.body, put.routine?.$refText, put.routine?.ref]).toEqual(['put', ['dev', 'value'], [], 'emit', routine]);
        expect(all.get('win')!.syscalls[0].routine?.ref).toBe(routine);
        expect(routinesOf(all.get('win')!)).toEqual([routine]);
        expect(syscallsOf(all.get('win')!).map((s) => s.name)).toEqual(['NtPut', 'NtExit']);
    });

    it('runs the routine under each syscall\'s name: console and cycles as the written-out body', async () => {
        const bound = await run(BOUND + SYSTEM);
        const written = await run(WRITTEN + SYSTEM);
        for (const name of ['a', 'b']) {
            expect(vm(bound.result, name).console).toBe(vm(written.result, name).console);
            expect(vm(bound.result, name).cycles).toEqual(vm(written.result, name).cycles);
            expect(vm(bound.result, name).instructions).toBe(vm(written.result, name).instructions);
        }
        expect(vm(bound.result, 'a').console).toBe('65\n66\n');
        expect(vm(bound.result, 'b').console).toBe('70\n71\n');
        const names = bound.sim.codes.map((c) => c.name);
        expect(names).toContain('lin.put');
        expect(names).toContain('win.NtPut');
    });

    it('an unknown routine is an unresolved reference on its name', async () => {
        const text = BOUND.replace('syscall put(dev, value) = emit', 'syscall put(dev, value) = emitt') + SYSTEM;
        const found = (await check(text)).diagnostics['main.vmdef'].filter((d) => d.code === 'unresolved-reference');
        expect(found.map((d) => [d.message, d.range, d.severity])).toEqual([["Could not resolve reference to Routine named 'emitt'.", rangeOf(text, 'emitt'), 1]]);
    });

    it('a routine of an unrelated OS is not found', async () => {
        const text = `os other { routine lone() { ret } }\nos mine { syscall s() = lone }\n`;
        const found = (await check(text)).diagnostics['main.vmdef'].filter((d) => d.code === 'unresolved-reference');
        expect(found.map((d) => d.range)).toEqual([rangeOf(text, 'lone', 1)]);
    });

    it('routine-arity: the syscall\'s parameters must match the routine\'s, on the routine name', async () => {
        const text = BOUND.replace('syscall NtPut(handle, value) = emit', 'syscall NtPut(handle) = emit') + SYSTEM;
        const found = (await check(text)).diagnostics['main.vmdef'].filter((d) => d.code === 'routine-arity');
        expect(found.map((d) => [d.message, d.range, d.severity])).toEqual([[
            "syscall 'NtPut' takes 1 parameter(s) but routine 'emit' it is bound to takes 2: the syscall's arguments fill the routine's parameters one for one",
            rangeOf(text, 'emit', 2), 1]]);
    });

    it('a program cannot call a routine by name: unknown-syscall', async () => {
        const text = BOUND + SYSTEM.replace('syscall exit(0)', 'syscall emit(com1, 1)');
        const found = (await check(text)).diagnostics['main.vmdef'].filter((d) => d.code === 'unknown-syscall');
        expect(found.map((d) => d.range)).toEqual([rangeOf(text, 'syscall emit(com1, 1)')]);
    });

    it('a routine\'s body is checked as kernel code: an unknown device in it is reported there', async () => {
        const text = BOUND.replace('out dev, r3\n        add', 'out devv, r3\n        add') + SYSTEM;
        const found = (await check(text)).diagnostics['main.vmdef'].filter((d) => d.code === 'unknown-device');
        expect(found.map((d) => d.range)).toEqual([rangeOf(text, 'devv')]);
    });

    it('the standard library: linux\'s io_submit and windows\'s NtDeviceIoControlFile run pc_kernel\'s submit_batch', async () => {
        const library = await checkWorkspace([], undefined, 'whole');
        const all = oses(library.stdlib.flatMap((d) => d.parseResult.value.elements));
        const submit = all.get('pc_kernel')!.routines.find((r) => r.name === 'submit_batch')!;
        const bound = (os: string, name: string) => syscallsOf(all.get(os)!).find((s) => s.name === name)?.routine?.ref;
        expect(bound('linux', 'io_submit')).toBe(submit);
        expect(bound('windows', 'NtDeviceIoControlFile')).toBe(submit);
        expect(bound('windows_hv', 'NtDeviceIoControlFile')).toBe(submit);
        expect(bound('linux', 'map')).toBe(bound('windows', 'NtAllocateVirtualMemory'));
        expect(bound('linux', 'unmap')).toBe(bound('windows', 'NtFreeVirtualMemory'));
        // xenlinux's io_submit is its own (hypercalls)
        expect(syscallsOf(all.get('xenlinux')!).find((s) => s.name === 'io_submit')?.body.length).toBeGreaterThan(0);
    });

    it('go to definition on a bound syscall\'s routine name goes to the routine in the base OS', async () => {
        const ws = await editorWorkspace([{ path: '/ws/routines.vmdef', text: BOUND + SYSTEM }], createLspServices());
        const doc = ws.documents[0];
        const text = doc.textDocument.getText();
        const at = text.indexOf('= emit', text.indexOf('os win')) + 3;
        const links = (await ws.services.lsp.DefinitionProvider!.getDefinition(doc, { textDocument: { uri: doc.uri.toString() }, position: doc.textDocument.positionAt(at) })) ?? [];
        expect(links.map((l) => [l.targetUri, l.targetSelectionRange])).toEqual([[doc.uri.toString(), rangeOf(BOUND, 'emit')]]);
    });
});
