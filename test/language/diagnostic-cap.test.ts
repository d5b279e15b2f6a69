// A real error hidden behind many warnings is never lost (issue 10, item 3): a file publishes
// at most MAX_DIAGNOSTICS_PER_FILE diagnostics, errors first, then one that counts the rest;
// a check that throws leaves an error instead of silently passing the file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AstNode } from 'langium';
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../language/diagnostic-cap.js';
import { checkWorkspace, createServices, diagnosticsOf } from '../../language/workspace.js';
import { check, rangeOf } from './check-helper.js';

const CLI = path.resolve(__dirname, '../../out/cli.js');

/** `vcpus 64` on 4 pCPUs (an error), then `warnings` lines of user code that each warn. */
function flood(warnings: number): string {
    const lines = [
        'hardware pc { cpu 4 cores memory 8 GiB device com1: serial }',
        'hypervisor hv: type1 on pc',
        'vm a: linux on hv { vcpus 64 memory 1 GiB devices com1 run p }',
        'program p {',
    ];
    for (let i = 0; i < warnings; i++) lines.push(`    out com1, ${i}`);
    lines.push('    syscall exit(0)', '}', '');
    return lines.join('\n');
}

describe('diagnostics per file', () => {
    it('keeps errors first, cuts at the cap and counts the rest in a last diagnostic at the first hidden one', async () => {
        const text = flood(2000);
        const checked = await check(text);
        const list = checked.diagnostics['main.vmdef'];
        expect(list).toHaveLength(MAX_DIAGNOSTICS_PER_FILE);
        expect(list.slice(0, 3).map((d) => d.code)).toEqual(['cpu-overcommit', 'vcpus-exceed-host', 'privileged-in-user']);
        expect(list[2].range).toEqual(rangeOf(text, 'out com1, 0'));
        const last = list[list.length - 1];
        expect(last.code).toBe('diagnostics-truncated');
        expect(last.severity).toBe(2);
        // 2 errors and 997 warnings shown: the 998th warning (`out com1, 997`) is the first hidden.
        expect(last.range).toEqual(rangeOf(text, 'out com1, 997'));
        expect(last.message).toBe(`1003 more diagnostics not shown (1003 warnings): a file shows at most ${MAX_DIAGNOSTICS_PER_FILE - 1}, errors first; fix these to see the rest`);
    });

    it('below the cap, every diagnostic and no count', async () => {
        const list = (await check(flood(10))).diagnostics['main.vmdef'];
        expect(list.map((d) => d.code).filter((c) => c === 'privileged-in-user')).toHaveLength(10);
        expect(list.some((d) => d.code === 'diagnostics-truncated')).toBe(false);
    });

    it('a check that throws leaves validation-failed [error] on its node', async () => {
        const services = createServices();
        services.validation.ValidationRegistry.register<{ Hardware: AstNode }>({ Hardware: () => { throw new Error('boom'); } });
        const text = 'hardware pc { cpu 1 cores memory 1 GiB }\n';
        const workspace = await checkWorkspace([{ path: '/test-workspace/main.vmdef', text }], services);
        const failed = diagnosticsOf(workspace.documents[0]).filter((d) => d.code === 'validation-failed');
        expect(failed.map((d) => [d.severity, d.range, d.message])).toEqual([[1, rangeOf(text, text.trim()), 'An error occurred during validation: boom']]);
    });

    it('validation that fails as a whole leaves validation-failed [error] at the start of the file', async () => {
        const services = createServices();
        (services.validation.DocumentValidator as unknown as { validateAst: () => Promise<never> }).validateAst = async () => { throw new RangeError('Maximum call stack size exceeded'); };
        const workspace = await checkWorkspace([{ path: '/test-workspace/main.vmdef', text: 'hardware pc { cpu 1 cores memory 1 GiB }\n' }], services);
        const failed = diagnosticsOf(workspace.documents[0]).filter((d) => d.code === 'validation-failed');
        expect(failed.map((d) => [d.severity, d.range, d.message])).toEqual([[1, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            'internal error while checking this file (Maximum call stack size exceeded); it is treated as invalid — please report it']]);
    });

    it('vmdef check: an error behind 130,000 warnings exits 1 with the error, no stack trace; run refuses it', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-cap-'));
        const file = path.join(dir, 'flood.vmdef');
        fs.writeFileSync(file, flood(130_000));
        try {
            const checked = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
            expect(checked.stderr).toBe('');
            expect(checked.status).toBe(1);
            const lines = checked.stdout.trimEnd().split('\n');
            expect(lines.pop()).toMatch(/^checked 1 file: 2 errors, 998 warnings$/);
            expect(lines).toHaveLength(MAX_DIAGNOSTICS_PER_FILE);
            expect(lines).toContain(`${file}:3:21: error vcpus-exceed-host: VM 'a' has 64 vCPUs but host 'pc' has 4 usable pCPUs: it cannot boot`);
            expect(lines[lines.length - 1]).toMatch(/^.*:1002:5: warning diagnostics-truncated: 129003 more diagnostics not shown/);
            const ran = spawnSync(process.execPath, [CLI, 'run', file], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
            expect(ran.status).toBe(1);
            expect(ran.stdout).toContain('vcpus-exceed-host');
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 240_000);
});
