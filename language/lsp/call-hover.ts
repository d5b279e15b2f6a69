// Hover on the name of a `syscall` or `hypercall` call: which code it enters. A syscall's
// target depends on who runs the program (the OS of each VM running it, as go to definition
// finds it), so the hover lists each OS with the signature it declares.
import { AstUtils, type AstNode, type CstNode } from 'langium';
import { isHypercallCall, isOs, isProfile, type Handler, type Monitor, type Os, type Profile, type SyscallDecl } from '../generated/ast.js';
import { profileMessages } from '../profiles/messages.js';
import { isStdlibUri } from '../stdlib.js';
import type { WorkspaceModel } from '../code-context.js';
import { contextualTargets, osesRunning } from './definition.js';
import { hoverMessages as m } from './messages.js';
import { isParavirtualized } from '../os-members.js';

/** The hover text for the name token of a call, or undefined when `leaf` is not such a name. */
export function callHover(leaf: CstNode, model: WorkspaceModel): string | undefined {
    const node = leaf.astNode;
    const targets = contextualTargets(leaf, model);
    if (!targets || !('name' in node) || typeof node.name !== 'string') return undefined;
    if (isHypercallCall(node)) {
        const handler = targets[0] as Handler | undefined;
        if (!handler) return m.hypercallUnhandled(node.name);
        const container = handler.$container as Monitor | Profile;
        if (isProfile(container)) return profileMessages.hypercallOfProfile(signature(handler), container.name, origin(handler));
        return m.hypercallHandled(signature(handler), container.technique, origin(handler));
    }
    const oses = osesRunning(node, model);
    if (oses.length === 0) return m.syscallNoVm(node.name);
    const lines = [m.syscallOses(node.name)];
    for (const os of oses) {
        const decl = (targets as SyscallDecl[]).find((t) => AstUtils.getContainerOfType(t, isOs) === os);
        lines.push(decl ? m.syscallOfOs(os.name, signature(decl), origin(os)) : m.syscallNotInOs(os.name));
    }
    return lines.join('\n');
}

function signature(code: SyscallDecl | Handler): string {
    return `${code.name}(${code.params.map((p) => p.name).join(', ')})`;
}

function origin(node: AstNode): string {
    const paravirtualized = isOs(node) && isParavirtualized(node as Os);
    if (isStdlibUri(AstUtils.getDocument(node).uri)) return paravirtualized ? m.fromStdlibParavirtualized() : m.fromStdlib();
    return paravirtualized ? m.paravirtualized() : '';
}
