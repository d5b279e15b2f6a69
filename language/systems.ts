// Which files form one system. THE RULE (README, "One folder, one system"): the .vmdef files
// directly in one folder are one system — they see each other's hardware, hypervisors, VMs,
// programs, OSes, monitors and cost presets, and those names are unique among them. Files in
// another folder, subfolders included, are separate systems: they see none of it. Every
// system sees the standard library. So variants of one definition ("before" and "after") live
// side by side in sibling folders.
//
// Scoping (vmdef-scope.ts), the workspace-wide checks (code-context.ts) and the command line
// all ask this module, so the editor and `vmdef check DIR` agree.
import { AstUtils, type AstNode, type URI } from 'langium';
import * as nodePath from 'node:path';

/** The system a document belongs to: its folder (with the URI scheme, so `untitled:` documents form their own). */
export function systemOfUri(uri: URI): string {
    return `${uri.scheme}:${nodePath.posix.dirname(uri.path)}`;
}

const systems = new WeakMap<AstNode, string>();

/** The system of the document a declaration is in (cached per node: asked once per declaration). */
export function systemOf(node: AstNode): string {
    let system = systems.get(node);
    if (system === undefined) {
        system = systemOfUri(AstUtils.getDocument(node).uri);
        systems.set(node, system);
    }
    return system;
}

/** A folder for people: the last two segments of its path (`labs/before`). */
export function systemLabel(system: string): string {
    const path = system.slice(system.indexOf(':') + 1);
    return path.split('/').filter(Boolean).slice(-2).join('/') || path;
}
