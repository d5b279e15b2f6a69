// Which files of the standard library a definition is checked with. Most of the library is used
// by every definition without being named — the cost presets (`modern` is the default), the
// monitors' handlers (one monitor per technique), the profiles' hypercalls (enlightenments are
// hypercall names) — but an OS is used only where it is named: a VM's `: linux`, a Type 2
// hypervisor's `host linux`, another OS's base (`os linux: pc_kernel`). So a library file that
// declares nothing but OSes joins a definition only when one of its OSes is named in the
// definition's text or in a library file that joins. os.vmdef is half the library: a definition
// without an OS (bare VMs, the common first file) no longer parses, links and validates it on
// every `vmdef check` or `run`.
//
// The language server keeps loading the whole library (stdlib.ts's workspace manager):
// completion and quick fixes offer its OSes before any is named.

/** A file of the standard library: its path and its text. */
export interface LibraryFile {
    path: string;
    text: string;
}

/** A top-level declaration starts a line of a library file (the library's own layout; test/language/stdlib-use.test.ts holds it to the parser). */
const DECLARATION = /^(hardware|hypervisor|vm|program|os|monitor|costs|profile)\s+(\w+)/gm;

const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

/** The top-level declarations of a library file, by kind and name, in file order. */
export function libraryDeclarations(text: string): { kind: string; name: string }[] {
    return [...text.matchAll(DECLARATION)].map((m) => ({ kind: m[1], name: m[2] }));
}

/** The words a file joins on: the names of its OSes, when it declares nothing else; else none (it always joins). */
function joinsOn(file: LibraryFile): RegExp | undefined {
    const declarations = libraryDeclarations(file.text);
    if (declarations.length === 0 || declarations.some((d) => d.kind !== 'os')) return undefined;
    return new RegExp(`\\b(?:${declarations.map((d) => d.name).join('|')})\\b`);
}

/**
 * The files of `library` to check with the user's `texts`, in library order. A user's text names
 * an OS when the word appears anywhere in it (a comment too: erring towards checking a file); a
 * library file's comments don't count (its own prose mentions OSes it does not use).
 */
export function libraryFilesUsed(library: readonly LibraryFile[], texts: readonly string[]): LibraryFile[] {
    const pending = new Map<LibraryFile, RegExp>();
    const used = new Set<LibraryFile>();
    const sources = [...texts];
    for (const file of library) {
        const words = joinsOn(file);
        if (words) pending.set(file, words);
        else {
            used.add(file);
            sources.push(file.text.replace(COMMENT, ''));
        }
    }
    // each round adds a file or ends: at most one round per library file
    for (let grew = true; grew;) {
        grew = false;
        for (const [file, words] of pending) {
            if (!sources.some((text) => words.test(text))) continue;
            pending.delete(file);
            used.add(file);
            sources.push(file.text.replace(COMMENT, ''));
            grew = true;
        }
    }
    return library.filter((f) => used.has(f));
}
