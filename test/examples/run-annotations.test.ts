// Every `@console`, `@status` and `@compare` annotation of the shared examples, the bundled
// examples and the test fixtures, checked through the command line's `vmdef run --json` (run in
// this process: one Node and a warm language service for all of them; the spawned bundle is
// the tutorial's and test/cli's subject). A folder under test/fixtures/workspaces runs as one
// workspace, like `vmdef run DIR`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vmdefInProcess } from '../helpers/cli-in-process.js';
import { compare, PROJECT_ROOT, readAnnotations, sharedExamplesDir, sharedPartTwoExamples, vmdefFilesUnder, type Annotations } from './annotations.js';

const fixtures = path.join(PROJECT_ROOT, 'test/fixtures');
const workspaces = path.join(fixtures, 'workspaces');

interface RunJson {
    cycles: number;
    vms: { name: string; hypervisor: string; status: string; console: string; [k: string]: unknown }[];
}

function hasRunAnnotations(a: Annotations): boolean {
    return a.consoles.length + a.statuses.length + a.compares.length > 0;
}

/** The VM `HYPERVISOR.VM`, or `.VM` / `VM` for a VM named alone (a native one). */
function findVm(json: RunJson, hypervisor: string, vmName: string): RunJson['vms'][number] | undefined {
    return json.vms.find((v) => v.name === vmName && (hypervisor === '' || v.hypervisor === hypervisor));
}

/** The result's tables of counts by name (LANGUAGE.md §8): a name is there once it counted. */
const COUNT_TABLES = new Set(['exits', 'hypercalls', 'faults']);

/** A number, or `HYPERVISOR.VM.path.in.the.json` (`.VM.path` for a VM without hypervisor). */
function figure(json: RunJson, ref: string): number {
    if (/^-?\d+(\.\d+)?$/.test(ref)) return Number(ref);
    const [hypervisor, vmName, ...rest] = ref.split('.');
    const vm = findVm(json, hypervisor, vmName);
    if (!vm) throw new Error(`no VM ${hypervisor}.${vmName} in the run`);
    let value: unknown = vm;
    for (const key of rest) value = (value as Record<string, unknown> | undefined)?.[key];
    // the count tables list only what happened: a reason absent from `exits` (etc.) counted 0
    if (value === undefined && rest.length === 2 && COUNT_TABLES.has(rest[0]) && (vm as Record<string, unknown>)[rest[0]]) value = 0;
    if (typeof value !== 'number') throw new Error(`${ref} is not a number (${JSON.stringify(value)})`);
    return value;
}

/** Runs the target (a file or a workspace folder) and checks the annotations of `files`. */
async function checkRun(target: string, files: string[]): Promise<void> {
    const run = await vmdefInProcess(['run', '--json', target]);
    expect(run.status, `${run.stderr}${run.stdout.slice(0, 2000)}`).toBe(0);
    const json = JSON.parse(run.stdout) as RunJson;
    for (const file of files) {
        const a = readAnnotations(file);
        const where = (line: number) => `${path.relative(PROJECT_ROOT, file)}:${line}`;
        for (const c of a.consoles) {
            const vm = json.vms.find((v) => v.name === c.vm);
            expect(vm, `${where(c.line)}: VM ${c.vm}`).toBeDefined();
            expect(vm!.console, `${where(c.line)}: @console ${c.vm}`).toBe(c.text);
        }
        for (const s of a.statuses) {
            const [hypervisor, vmName] = s.vm.includes('.') ? s.vm.split('.') : ['', s.vm];
            expect(findVm(json, hypervisor, vmName)?.status, `${where(s.line)}: @status ${s.vm}`).toBe(s.status);
        }
        for (const c of a.compares) {
            const left = figure(json, c.left);
            const right = figure(json, c.right);
            expect(compare(left, c.op, right), `${where(c.line)}: ${c.left} (${left}) ${c.op} ${c.right} (${right})`).toBe(true);
        }
    }
}

const shared = sharedExamplesDir();
const files = [
    ...(shared ? vmdefFilesUnder(shared) : []),
    ...sharedPartTwoExamples(),
    ...vmdefFilesUnder(path.join(PROJECT_ROOT, 'examples')),
    ...vmdefFilesUnder(fixtures).filter((file) => !file.startsWith(workspaces + path.sep)),
].filter((file) => hasRunAnnotations(readAnnotations(file)));

const workspaceDirs = (fs.existsSync(workspaces) ? fs.readdirSync(workspaces, { withFileTypes: true }) : [])
    .filter((e) => e.isDirectory())
    .map((e) => path.join(workspaces, e.name))
    .sort()
    .filter((dir) => vmdefFilesUnder(dir).some((file) => hasRunAnnotations(readAnnotations(file))));

describe('run annotations through the bundled CLI', () => {
    it('finds the annotated examples (hello-type1, paravirt, type1-vs-type2)', () => {
        const names = files.map((f) => path.basename(f));
        expect(names).toEqual(expect.arrayContaining(['hello-type1.vmdef', 'paravirt.vmdef', 'type1-vs-type2.vmdef']));
    });

    it.each(files)('%s', (file) => checkRun(file, [file]));

    if (workspaceDirs.length > 0) {
        it.each(workspaceDirs)('workspace %s', (dir) => checkRun(dir, vmdefFilesUnder(dir)));
    }
});
