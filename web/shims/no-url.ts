// `node:url` in the browser bundle: language/stdlib.ts asks for its own location only when no
// standard library was injected, which the playground always does (web/worker/main.ts).
export function fileURLToPath(): never {
    throw new Error('no file system in the browser playground');
}
