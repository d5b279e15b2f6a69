// The standard library's parse snapshot (perf/parse-snapshot.ts): built with the bundles
// (scripts/bundle.mjs), read by the Node entry points from beside their bundle
// (stdlib-snapshot-file.ts) on the first parse of a library file. Without one, or for a text
// that is not exactly the one snapshotted, the library is parsed as any file is. This module
// uses no Node built-in: the browser bundles import it and simply never get a snapshot.
import { UriUtils, type AstNode, type LangiumCoreServices, type ParseResult, type URI } from 'langium';
import { SnapshotReader, type ParseSnapshot } from './perf/parse-snapshot.js';
import { isStdlibUri } from './stdlib.js';

let load: (() => ParseSnapshot | undefined) | undefined;
let loaded: ParseSnapshot | undefined;
const readers = new WeakMap<LangiumCoreServices, SnapshotReader | undefined>();

/** Lets a host give the snapshot; `read` is called once, at the first parse of a library file. */
export function setStdlibSnapshot(read: (() => ParseSnapshot | undefined) | undefined): void {
    load = read;
    loaded = undefined;
}

/** The parse result of a library file built from the snapshot, if there is one for exactly this text. */
export function stdlibSnapshotParse<T extends AstNode>(uri: URI, text: string, services: LangiumCoreServices): ParseResult<T> | undefined {
    if (!load && !loaded) return undefined;
    const name = UriUtils.basename(uri);
    // once read, a name it does not hold (any user's file) is not looked up on disk
    if (loaded && !Object.prototype.hasOwnProperty.call(loaded.files, name)) return undefined;
    if (!isStdlibUri(uri)) return undefined;
    if (load) {
        const read = load;
        load = undefined;
        loaded = read();
    }
    if (!loaded) return undefined;
    let reader = readers.get(services);
    if (!readers.has(services)) {
        try {
            reader = new SnapshotReader(loaded, services);
        } catch {
            reader = undefined; // a snapshot of another grammar: parse
        }
        readers.set(services, reader);
    }
    return reader?.read<T>(name, text);
}
