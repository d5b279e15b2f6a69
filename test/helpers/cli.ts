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

/**
 * `vmdef ARGS...` in `cwd` (default: the project root), with a time limit: a hang fails the test.
 * The locale variables of the test's own shell are left out (a developer with a Korean LANG
 * still gets the English the tests expect); `env` adds variables, e.g. `{ LANG: 'ko_KR.UTF-8' }`.
 */
export function vmdef(args: string[], cwd = ROOT, timeout = 60_000, env: Record<string, string> = {}): CliRun {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` first (npm test does)`);
    const { LC_ALL: _all, LC_MESSAGES: _messages, LANG: _lang, ...inherited } = process.env;
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout, env: { ...inherited, ...env } });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
