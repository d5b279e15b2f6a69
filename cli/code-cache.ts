// Loads the command line's bundle (out/cli-main.cjs) with V8's code cache, written by the build
// beside it (scripts/bundle.mjs). Node 20 compiles a 2 MB bundle at every start (~30 ms) and
// each function again at its first call; the cache holds the bytecode of the functions a
// `check` and a `run` used, so a short command spends its time on the user's file.
//
// The cache is only a speed-up: it is used when it was made from exactly this bundle (its length
// and CRC-32: V8 itself checks only the length) by this Node on this architecture, and V8 checks
// its own version and flags too. Any other cache, or none, and the bundle is compiled as usual.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';

const MAGIC = 'vmdef-code-cache 1';

/** How a load used the cache: `used`, or why not. */
export type CodeCacheStatus = 'used' | 'none' | 'stale' | 'rejected';

export interface LoadedBundle {
    /** The bundle's absolute path. */
    file: string;
    exports: Record<string, unknown>;
    status: CodeCacheStatus;
    /** The compiled bundle, for writing a cache of it once it has run. */
    script: vm.Script;
    /** Identifies the bundle's text and the Node that compiled it (none: no cache can be kept). */
    key: string | undefined;
}

/** The file the cache of `bundle` is kept in. */
export function codeCacheFile(bundle: string): string {
    return bundle + '.cache';
}

/** Names the bundle's bytes (their CRC-32, as Node 22's own compile cache does) and this Node; none without zlib.crc32 (Node < 20.15). */
function keyOf(bytes: Buffer): string | undefined {
    const crc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
    return crc32 ? `${MAGIC} ${process.version} ${process.arch} ${bytes.length} ${crc32(bytes)}` : undefined;
}

/** The cache's V8 data when its header names this bundle and this Node. */
function readCache(file: string, key: string | undefined): { data?: Buffer; stale: boolean } {
    if (!key) return { stale: false };
    let cache: Buffer;
    try {
        cache = fs.readFileSync(file);
    } catch {
        return { stale: false };
    }
    const newline = cache.indexOf(10);
    if (newline < 0 || cache.toString('latin1', 0, newline) !== key) return { stale: true };
    return { data: cache.subarray(newline + 1), stale: false };
}

/**
 * Compiles the bundle, with its cache when that fits. Its bytes and the cache are read here and
 * let go on return, before the bundle runs: held through the bundle's start they would be
 * promoted with it and stay resident (4 MB) until a full collection, often the process's end.
 */
function compile(bundle: string): { script: vm.Script; status: CodeCacheStatus; key: string | undefined } {
    // The CRC of the bytes as read: of the decoded text it would take another copy of 2 MB.
    const bytes = fs.readFileSync(bundle);
    const key = keyOf(bytes);
    const cache = readCache(codeCacheFile(bundle), key);
    const script = new vm.Script(bytes.toString('utf8'), { filename: bundle, cachedData: cache.data });
    const status: CodeCacheStatus = cache.data ? (script.cachedDataRejected ? 'rejected' : 'used') : cache.stale ? 'stale' : 'none';
    return { script, status, key };
}

/**
 * Runs a CommonJS bundle as Node's loader would, with its code cache when that fits. The bundle's
 * text is already wrapped in the loader's function (scripts/bundle.mjs): it is compiled as read.
 */
export function loadBundle(file: string): LoadedBundle {
    const bundle = path.resolve(file);
    const { script, status, key } = compile(bundle);
    const module = { exports: {} as Record<string, unknown> };
    const run = script.runInThisContext() as (...args: unknown[]) => void;
    run.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
    return { file: bundle, exports: module.exports, status, script, key };
}

/** Writes the cache of a loaded bundle (the functions compiled so far are in it); false when this Node cannot key one. */
export function writeCodeCache(loaded: LoadedBundle): boolean {
    if (!loaded.key) return false;
    const data = loaded.script.createCachedData();
    fs.writeFileSync(codeCacheFile(loaded.file), Buffer.concat([Buffer.from(loaded.key + '\n', 'latin1'), data]));
    return true;
}
