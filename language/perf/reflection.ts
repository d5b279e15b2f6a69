// Every type guard of the generated AST (`isVm(node)`, `isHardware(node)`, ...) is
// `reflection.isInstance(node, TYPE)`, answered by Langium's `isSubtype`. That method creates a
// closure over its arguments (for the walk up the supertypes when the answer is not cached yet),
// so V8 allocates a context for them on every call, cached or not, even when the two types are
// the same: 48 bytes per type test, and the linker, the checks and the workspace model make
// hundreds of thousands of them. Here the same answers (Langium's cache, filled by Langium's
// own method on a miss), the closure made only on a miss.
import { VmdefAstReflection } from '../generated/ast.js';

type SubtypeCache = Record<string, Record<string, boolean | undefined> | undefined>;

const langiumIsSubtype = VmdefAstReflection.prototype.isSubtype;

/** Installs the cached-first `isSubtype` on every VmdefAstReflection (the generated guards' one included). */
export function installFastSubtypes(): void {
    if (VmdefAstReflection.prototype.isSubtype !== langiumIsSubtype) return;
    VmdefAstReflection.prototype.isSubtype = function isSubtype(this: VmdefAstReflection, subtype: string, supertype: string): boolean {
        if (subtype === supertype) return true;
        const cached = (this as unknown as { subtypes: SubtypeCache }).subtypes[subtype]?.[supertype];
        return cached !== undefined ? cached : langiumIsSubtype.call(this, subtype, supertype);
    };
}
