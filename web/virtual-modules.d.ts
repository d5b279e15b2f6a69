// Modules the build (scripts/build-web.mjs) makes from files: the texts of the standard library
// and of the examples, by file name, so the static site needs no request to read them.
declare module 'vmdef:stdlib' {
    const texts: Readonly<Record<string, string>>;
    export default texts;
}
declare module 'vmdef:examples' {
    const texts: Readonly<Record<string, string>>;
    export default texts;
}
/** The worker's bundle as text, started from a Blob URL (a file:// page may not load a worker file). */
declare module 'vmdef:worker-source' {
    const source: string;
    export default source;
}
/** The keywords of the Langium grammar (language/vmdef.langium). */
declare module 'vmdef:keywords' {
    const keywords: readonly string[];
    export default keywords;
}
