// `node:fs` in the browser bundle. The modules that import it (io/source-files.ts,
// language/stdlib.ts) are on the worker's import path but never read a file there: the
// standard library is injected (setStdlibSource) and the user's text comes from the editor.
// Any call is a bug, so it fails loudly instead of returning something plausible.
function unavailable(): never {
    throw new Error('no file system in the browser playground');
}

export const constants = { O_RDONLY: 0, O_NONBLOCK: 0 };
export class Stats {}
export const existsSync = unavailable;
export const readdirSync = unavailable;
export const statSync = unavailable;
export const realpathSync = unavailable;
export const openSync = unavailable;
export const fstatSync = unavailable;
export const readSync = unavailable;
export const closeSync = unavailable;
