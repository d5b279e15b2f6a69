// Node only: the standard library's parse snapshot written beside the bundles by the build
// (out/stdlib-snapshot.json, scripts/bundle.mjs). Run from the TypeScript sources (the
// tests) there is none, and the library is parsed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setStdlibSnapshot } from './stdlib-snapshot.js';
import type { ParseSnapshot } from './perf/parse-snapshot.js';

declare const __dirname: string | undefined;

export const STDLIB_SNAPSHOT_FILE = 'stdlib-snapshot.json';

/** Uses the snapshot beside the running bundle, read when a library file is first parsed. */
export function useStdlibSnapshotBesideBundle(): void {
    const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
    useStdlibSnapshotFile(path.join(here, STDLIB_SNAPSHOT_FILE));
}

/** Uses the snapshot in `file` (the benchmarks' in-process language server: the build's), read when a library file is first parsed. */
export function useStdlibSnapshotFile(file: string): void {
    setStdlibSnapshot(() => {
        try {
            return JSON.parse(fs.readFileSync(file, 'utf8')) as ParseSnapshot;
        } catch {
            return undefined; // none (or unreadable): the library is parsed
        }
    });
}
