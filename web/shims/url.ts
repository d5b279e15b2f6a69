// `url` in a browser bundle: @vscode/debugadapter takes `URL` from it, which the browser has.
export const URL = globalThis.URL;
