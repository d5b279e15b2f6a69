// A node of the variables view (a scope's variable, its children), built by inspect.ts and the
// memory scope alike; apart so that neither needs the other's module.
import type { Value } from './expression.js';

export interface VarNode {
    name: string;
    value: Value;
    /** Shown instead of `value` when set (`0x10000`, `"3\n2\n"`). */
    display?: string;
    children?: VarNode[];
    /** setVariable may change it. */
    editable?: boolean;
    /** The expression that evaluates to it (`r1`, `params.cmd`, `vm.exits.io`), when its path is made of names. */
    evaluateName?: string;
    /** A register's value as an address in the memory `[a]` reads in its frame (the memory view opens there). */
    memoryReference?: string;
}

export function leaf(name: string, value: Value, display?: string, editable?: boolean): VarNode {
    const n: VarNode = { name, value };
    if (display !== undefined) n.display = display;
    if (editable) n.editable = true;
    return n;
}

export function group(name: string, children: VarNode[], summary?: string): VarNode {
    return { name, value: summary ?? `{${children.length}}`, children };
}
