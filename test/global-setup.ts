// Bundles once before any test file runs, so tests that spawn the real CLI (`node out/cli.js`)
// exercise the current sources, not a stale bundle. Each vitest project runs its global setup;
// the bundle is made once per `vitest run` all the same (the flag lives in vitest's own process).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLED = 'VMDEF_TEST_BUNDLED';

export default function setup(): void {
    if (process.env[BUNDLED] === String(process.pid)) return;
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const result = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) {
        throw new Error(`bundling failed (node scripts/bundle.mjs): ${result.error?.message ?? ''}${result.stderr || result.stdout}`);
    }
    process.env[BUNDLED] = String(process.pid);
}
