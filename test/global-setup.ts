// Bundles once before any test file runs, so tests that spawn the real CLI (`node out/cli.js`)
// exercise the current sources, not a stale bundle.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const result = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) {
        throw new Error(`bundling failed (node scripts/bundle.mjs): ${result.error?.message ?? ''}${result.stderr || result.stdout}`);
    }
}
