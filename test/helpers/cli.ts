// Runs the real bundled command line (`node out/cli.js`; vitest's global setup bundles first).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'out/cli.js');

export interface CliRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** `vmdef ARGS...` in `cwd` (default: the project root), with a time limit: a hang fails the test. */
export function vmdef(args: string[], cwd = ROOT, timeout = 60_000): CliRun {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` first (npm test does)`);
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
