// The rewriting of DAP messages' file names (debug-paths.ts uses it), apart from VS Code so it
// is tested on its own (test/debug/source-paths.test.ts).

/** DAP messages are small trees: deeper than this is no source. */
const MAX_DEPTH = 8;

/** A URI in `source.path` (VS Code sends non-`file:` documents that way). */
export const URI_LIKE = /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//;

/** `message` with every `source.path` replaced by `translate(path)`; the message itself is left alone. */
export function translateSourcePaths<T>(message: T, translate: (path: string) => string, depth = 0): T {
    if (depth > MAX_DEPTH || message === null || typeof message !== 'object') return message;
    if (Array.isArray(message)) return message.map((item) => translateSourcePaths(item, translate, depth + 1)) as T;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(message)) {
        const source = key === 'source' && value !== null && typeof value === 'object' ? (value as { path?: unknown }) : undefined;
        copy[key] = source && typeof source.path === 'string'
            ? { ...translateSourcePaths(source, translate, depth + 1), path: translate(source.path) }
            : translateSourcePaths(value, translate, depth + 1);
    }
    return copy as T;
}
