// The standard library is loaded into every workspace (its OSes' file when one is named): it
// must be clean, or every user pays.
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { checkWorkspace, createServices } from '../../language/workspace.js';
import { isCostPreset, isMonitor, isOs, type Model } from '../../language/generated/ast.js';
import { COST_NAMES, HW_COMMANDS, MONITOR_HANDLER, VMX_EXIT } from '../../language/isa.js';

describe('standard library', async () => {
    const ws = await checkWorkspace([], undefined, 'whole');
    const elements = ws.stdlib.flatMap((d) => (d.parseResult.value as Model).elements);

    // A build does not validate the library (language/perf/document-builder.ts): this test does.
    it('parses, links and validates without any diagnostic', async () => {
        const validator = ws.services.validation.DocumentValidator;
        for (const doc of ws.stdlib) {
            const diagnostics = await validator.validateDocument(doc);
            expect({ file: doc.uri.fsPath, diagnostics: diagnostics.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`) })
                .toEqual({ file: doc.uri.fsPath, diagnostics: [] });
        }
    });

    it('is not validated by a build: a check validates only the user\'s files', async () => {
        const services = createServices();
        const validator = services.validation.DocumentValidator;
        const validated: string[] = [];
        const validate = validator.validateDocument.bind(validator);
        validator.validateDocument = (document, ...rest) => {
            validated.push(path.basename(document.uri.fsPath));
            return validate(document, ...rest);
        };
        const checked = await checkWorkspace([{ path: '/work/user.vmdef', text: 'hardware box { cpu 2 cores @ 1 GHz memory 1 GiB }\n' }], services, 'whole');
        expect(checked.stdlib.length).toBeGreaterThan(3);
        expect(validated).toEqual(['user.vmdef']);
        for (const doc of checked.stdlib) expect(doc.diagnostics).toEqual([]);
    });

    it('declares the base pc_kernel, linux, windows, the paravirtualized xenlinux and the enlightened windows_hv', () => {
        const oses = elements.filter(isOs);
        expect(oses.map((o) => [o.name, o.paravirtualized, o.base?.ref?.name])).toEqual([
            ['pc_kernel', false, undefined], ['linux', false, 'pc_kernel'], ['windows', false, 'pc_kernel'], ['xenlinux', true, undefined], ['windows_hv', false, 'windows'],
        ]);
        expect(oses.find((o) => o.name === 'windows')!.syscalls.map((s) => s.name)).toEqual(expect.arrayContaining(['NtWriteFile', 'NtTerminateProcess']));
    });

    it('gives every cost preset every cost entry', () => {
        const presets = elements.filter(isCostPreset);
        expect(presets.map((p) => p.name)).toEqual(['modern', 'p4_2006']);
        for (const preset of presets) expect(preset.entries.map((e) => e.name).sort()).toEqual([...COST_NAMES].sort());
    });

    it('has a handler for every sensitive instruction in the full, binary and hardware monitors', () => {
        const handlers = (technique: string) => elements.filter(isMonitor).find((m) => m.technique === technique)!.handlers.map((h) => h.name);
        for (const op of ['in', 'out', 'hlt', 'cli', 'sti', 'lcr3', 'invlpg', 'lidt']) expect(handlers('full')).toContain(MONITOR_HANDLER[op]);
        for (const name of Object.values(MONITOR_HANDLER)) expect(handlers('binary')).toContain(name);
        for (const { handler } of Object.values(VMX_EXIT)) expect(handlers('hardware')).toContain(handler);
        expect(handlers('para')).toEqual(expect.arrayContaining(['console_io', 'sched_op', 'mmu_update', 'set_timer_op']));
    });

    it('uses only commands of the unified hardware command set', () => {
        const used = ws.stdlib.flatMap((d) => [...d.parseResult.value.$cstNode!.text.matchAll(/\bhw\s+(\w+)\(/g)].map((m) => m[1]));
        expect(used.length).toBeGreaterThan(20);
        for (const name of used) expect(Object.keys(HW_COMMANDS)).toContain(name);
    });
});
