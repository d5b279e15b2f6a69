// Every `@console`, `@status` and `@compare` annotation of the shared examples, the bundled
// examples and the test fixtures, checked through the real bundled CLI (`node out/cli.js run --json`).
// Annotation format: /work/shared/examples/README.md (`// @console VM: TEXT` with `\n` escapes,
// `// @status VM: STATUS`, `// @compare HYPERVISOR.VM.path OP HYPERVISOR.VM.path|NUMBER`).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'out/cli.js');

function vmdefFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    const found: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) found.push(...vmdefFiles(full));
        else if (entry.name.endsWith('.vmdef')) found.push(full);
    }
    return found;
}

interface RunAnnotations {
    console: Map<string, string>;
    status: Map<string, string>;
    compare: { left: string; op: string; right: string; line: number }[];
}

function unescape(text: string): string {
    return text.replace(/\\(n|t|\\|")/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function parseRunAnnotations(text: string): RunAnnotations {
    const result: RunAnnotations = { console: new Map(), status: new Map(), compare: [] };
    text.split('\n').forEach((line, i) => {
        let m = /\/\/\s*@console\s+([A-Za-z_]\w*)\s*:\s?(.*)$/.exec(line);
        if (m) result.console.set(m[1], (result.console.get(m[1]) ?? '') + unescape(m[2].trimEnd()));
        m = /\/\/\s*@status\s+([A-Za-z_]\w*)\s*:\s*([\w-]+)/.exec(line);
        if (m) result.status.set(m[1], m[2]);
        m = /\/\/\s*@compare\s+(\S+)\s*(<=|>=|==|!=|<|>)\s*(\S+)/.exec(line);
        if (m) result.compare.push({ left: m[1], op: m[2], right: m[3], line: i + 1 });
    });
    return result;
}

interface RunJson {
    vms: { name: string; hypervisor: string; status: string; console: string; [k: string]: unknown }[];
}

function figure(json: RunJson, ref: string): number {
    if (/^-?\d+(\.\d+)?$/.test(ref)) return Number(ref);
    const [hypervisor, vmName, ...rest] = ref.split('.');
    const vm = json.vms.find((v) => v.hypervisor === hypervisor && v.name === vmName);
    if (!vm) throw new Error(`no VM ${hypervisor}.${vmName} in the run`);
    let value: unknown = vm;
    for (const key of rest) value = (value as Record<string, unknown>)?.[key];
    if (typeof value !== 'number') throw new Error(`${ref} is not a number (${JSON.stringify(value)})`);
    return value;
}

function holds(a: number, op: string, b: number): boolean {
    switch (op) {
        case '<': return a < b;
        case '>': return a > b;
        case '<=': return a <= b;
        case '>=': return a >= b;
        case '==': return a === b;
        default: return a !== b;
    }
}

const files = [
    ...vmdefFiles(path.resolve(ROOT, '../shared/examples')),
    ...vmdefFiles(path.join(ROOT, 'examples')),
    ...vmdefFiles(path.join(ROOT, 'test/fixtures')),
].filter((file) => {
    const a = parseRunAnnotations(fs.readFileSync(file, 'utf8'));
    return a.console.size + a.status.size + a.compare.length > 0;
});

describe('run annotations through the bundled CLI', () => {
    beforeAll(() => {
        execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: ROOT, stdio: 'pipe' });
    }, 120_000);

    it('finds annotated examples', () => {
        expect(files.length).toBeGreaterThanOrEqual(3);
    });

    it.each(files)('%s', (file) => {
        const annotations = parseRunAnnotations(fs.readFileSync(file, 'utf8'));
        const run = spawnSync(process.execPath, [CLI, 'run', '--json', file], { cwd: ROOT, encoding: 'utf8' });
        expect(run.status, run.stderr + run.stdout.slice(0, 2000)).toBe(0);
        const json = JSON.parse(run.stdout) as RunJson;
        for (const [vmName, text] of annotations.console) {
            const vm = json.vms.find((v) => v.name === vmName);
            expect(vm, `VM ${vmName}`).toBeDefined();
            expect(vm!.console, `@console ${vmName}`).toBe(text);
        }
        for (const [vmName, status] of annotations.status) {
            expect(json.vms.find((v) => v.name === vmName)?.status, `@status ${vmName}`).toBe(status);
        }
        for (const c of annotations.compare) {
            const a = figure(json, c.left);
            const b = figure(json, c.right);
            expect(holds(a, c.op, b), `line ${c.line}: ${c.left} (${a}) ${c.op} ${c.right} (${b})`).toBe(true);
        }
    });
});
