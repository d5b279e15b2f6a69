// Every `@expect` annotation of the shared examples, the bundled examples and the test
// fixtures, checked as `vmdef check --format json` checks them (in process; one case shows the
// bundled CLI, `node out/cli.js check --format json`, agrees):
// each expected code starts on its line, and nothing else of severity error or warning is
// reported (a file without @expect must check clean). A folder under test/fixtures/workspaces
// is checked as one workspace.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, parseAnnotations, PART_TWO_CODES_IN_PART_ONE, PROJECT_ROOT, readAnnotations, sharedExamplesDir, sharedPartTwoExamples, vmdefFilesUnder, type ExpectAnnotation } from './annotations.js';

import type { FileDiagnostic } from '../../language/file-diagnostics.js';
import { checkInputs } from '../../cli/inputs.js';

const CLI = path.join(PROJECT_ROOT, 'out/cli.js');

/** One entry of `vmdef check --format json` (LANGUAGE.md §8). */
type JsonDiagnostic = FileDiagnostic;

/** Runs `vmdef check --format json` on the targets (files or a folder) as one workspace. */
function checkWithCli(targets: string[]): { status: number | null; diagnostics: JsonDiagnostic[]; stderr: string } {
    const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...targets], { encoding: 'utf8', timeout: 60_000 });
    if (result.error) throw result.error;
    let diagnostics: JsonDiagnostic[];
    try {
        diagnostics = JSON.parse(result.stdout) as JsonDiagnostic[];
    } catch {
        throw new Error(`vmdef check printed no JSON (exit ${result.status}): ${result.stdout}${result.stderr}`);
    }
    return { status: result.status, diagnostics, stderr: result.stderr };
}

/**
 * What `vmdef check --format json` prints and exits with, computed in this process by the
 * command's own reading and checking (cli/inputs.ts): one process start per file made this
 * suite a minute long. The first test shows the bundled CLI says the same.
 */
async function checkInProcess(targets: string[]): Promise<{ status: number | null; diagnostics: JsonDiagnostic[]; stderr: string }> {
    const { check } = await checkInputs(targets);
    return { status: check.ok ? 0 : 1, diagnostics: JSON.parse(JSON.stringify(check.diagnostics)) as JsonDiagnostic[], stderr: '' };
}

async function assertExpectations(files: string[], partOne = false): Promise<void> {
    const { status, diagnostics, stderr } = await checkInProcess(files);
    expect(stderr).toBe('');
    for (const d of diagnostics) {
        expect(Object.keys(d).sort()).toEqual(['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
    }
    expect(status, 'exit code: 1 with errors, else 0').toBe(diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
    const key = (file: string, line: number) => `${path.resolve(file)}:${line}`;
    const expected: (ExpectAnnotation & { file: string })[] = files.flatMap((file) => readAnnotations(file).expects.map((e) => ({ ...e, file })));
    const missing = expected
        .filter((e) => !diagnostics.some((d) => d.code === e.code && key(d.file, d.line) === key(e.file, e.line)))
        .map((e) => `${path.basename(e.file)}:${e.line}: expected ${e.code}`);
    const unexpected = diagnostics
        .filter((d) => d.severity === 'error' || d.severity === 'warning')
        .filter((d) => !(partOne && PART_TWO_CODES_IN_PART_ONE.has(d.code)))
        .filter((d) => !expected.some((e) => e.code === d.code && key(d.file, d.line) === key(e.file, e.line)))
        .map((d) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
    expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
}

const shared = sharedExamplesDir();
const fixtures = path.join(PROJECT_ROOT, 'test', 'fixtures');
const workspaces = path.join(fixtures, 'workspaces');
const singleFiles = [
    ...(shared ? vmdefFilesUnder(shared) : []),
    ...sharedPartTwoExamples(),
    ...vmdefFilesUnder(path.join(PROJECT_ROOT, 'examples')),
    ...vmdefFilesUnder(fixtures).filter((file) => !file.startsWith(workspaces + path.sep)),
];
/** A part-one example: the shared examples, and the bundled copy of the overcommit one. */
function isPartOneExample(file: string): boolean {
    return (shared !== undefined && file.startsWith(shared + path.sep)) || file === path.join(PROJECT_ROOT, 'examples', 'overcommit.vmdef');
}

const workspaceDirs = fs.existsSync(workspaces)
    ? fs.readdirSync(workspaces, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(workspaces, e.name)).sort()
    : [];

describe('@expect annotations through `vmdef check --format json`', () => {
    it('finds the example files', () => {
        expect(singleFiles.length).toBeGreaterThan(0);
        if (shared) expect(singleFiles.some((f) => f.startsWith(shared))).toBe(true);
    });

    it('the bundled CLI prints and exits as the in-process check says (an example with errors and warnings, one clean)', async () => {
        for (const file of [path.join(PROJECT_ROOT, 'examples', 'overcommit.vmdef'), path.join(PROJECT_ROOT, 'examples', 'hello-type1.vmdef')]) {
            expect(checkWithCli([file])).toEqual(await checkInProcess([file]));
        }
    });

    for (const file of singleFiles) {
        it(path.relative(path.resolve(PROJECT_ROOT, '..'), file), () => assertExpectations([file], isPartOneExample(file)));
    }

    for (const dir of workspaceDirs) {
        it(`${path.relative(PROJECT_ROOT, dir)}/ as one workspace`, () => assertExpectations(vmdefFilesUnder(dir)));
    }
});

describe('annotation parser', () => {
    it('reads @expect (several codes), @console (escapes, concatenated), @status and @compare', () => {
        const parsed = parseAnnotations([
            'hypervisor esx: type1 on small {        // @expect cpu-overcommit memory-overcommit',
            '    vcpus 8 // @expect vcpus-exceed-host',
            '// @console web: 3\\n2\\n',
            '// @console web: liftoff\\n',
            '// @console db: say \\"hi\\"\\t\\\\',
            '// @status db: faulted',
            '// @compare hosted.b.cycles.total > baremetal.a.cycles.total',
            '// @compare xen.pv.exits.io<=3',
            'program p { nop }',
        ].join('\n'));
        expect(parsed.expects).toEqual([
            { line: 1, code: 'cpu-overcommit' }, { line: 1, code: 'memory-overcommit' }, { line: 2, code: 'vcpus-exceed-host' },
        ]);
        expect(parsed.consoles).toEqual([{ line: 3, vm: 'web', text: '3\n2\nliftoff\n' }, { line: 5, vm: 'db', text: 'say "hi"\t\\' }]);
        expect(parsed.statuses).toEqual([{ line: 6, vm: 'db', status: 'faulted' }]);
        expect(parsed.compares).toEqual([
            { line: 7, left: 'hosted.b.cycles.total', op: '>', right: 'baremetal.a.cycles.total' },
            { line: 8, left: 'xen.pv.exits.io', op: '<=', right: '3' },
        ]);
    });

    it("reads part two's @status forms: a native VM alone, a VM under its hypervisor, and .VM figures", () => {
        const parsed = parseAnnotations(['// @status bare halted', '// @status kvm.router halted', '// @compare .bare.memory.guestPageFaults >= 50'].join('\n'));
        expect(parsed.statuses).toEqual([{ line: 1, vm: 'bare', status: 'halted' }, { line: 2, vm: 'kvm.router', status: 'halted' }]);
        expect(parsed.compares).toEqual([{ line: 3, left: '.bare.memory.guestPageFaults', op: '>=', right: '50' }]);
    });

    it('reads the shared overcommit example as the README describes', () => {
        if (!shared) return;
        const parsed = readAnnotations(path.join(shared, 'overcommit.vmdef'));
        expect(parsed.expects.map((e) => e.code)).toEqual(['cpu-overcommit', 'memory-overcommit', 'vcpus-exceed-host', 'pin-out-of-range', 'passthrough-conflict']);
    });

    it('evaluates every comparison operator', () => {
        expect([compare(1, '<', 2), compare(2, '<=', 2), compare(3, '>', 2), compare(2, '>=', 3), compare(2, '==', 2), compare(2, '!=', 2)])
            .toEqual([true, true, true, false, true, false]);
    });
});
