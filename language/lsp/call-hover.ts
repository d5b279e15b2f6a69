// Hover on the name of a `syscall` or `hypercall` call: which code it enters. A syscall's
// target depends on who runs the program (the OS of each VM running it, as go to definition
// finds it), so the hover lists each OS with the signature it declares.
import { AstUtils, type AstNode, type CstNode } from 'langium';
import { isHypercallCall, isOs, type Handler, type Monitor, type Os, type SyscallDecl } from '../generated/ast.js';
import { isStdlibUri } from '../stdlib.js';
import type { WorkspaceModel } from '../code-context.js';
import { contextualTargets, osesRunning } from './definition.js';

/** The hover text for the name token of a call, or undefined when `leaf` is not such a name. */
export function callHover(leaf: CstNode, model: WorkspaceModel): string | undefined {
    const node = leaf.astNode;
    const targets = contextualTargets(leaf, model);
    if (!targets || !('name' in node) || typeof node.name !== 'string') return undefined;
    if (isHypercallCall(node)) {
        const handler = targets[0] as Handler | undefined;
        if (!handler) return `**hypercall ${node.name}** — no \`monitor para\` handles it`;
        const monitor = handler.$container as Monitor;
        return `**hypercall ${signature(handler)}** — handled by the hypervisor's \`monitor ${monitor.technique}\`${origin(handler)}`;
    }
    const oses = osesRunning(node, model);
    if (oses.length === 0) return `**syscall ${node.name}** — enters the kernel of the VM's OS; no VM runs this code, so which OS is not known`;
    const lines = [`**syscall ${node.name}** — enters the kernel of the VM's OS:`];
    for (const os of oses) {
        const decl = (targets as SyscallDecl[]).find((t) => AstUtils.getContainerOfType(t, isOs) === os);
        lines.push(decl ? `- OS \`${os.name}\`: \`${signature(decl)}\`${origin(os)}` : `- OS \`${os.name}\` does not declare it`);
    }
    return lines.join('\n');
}

function signature(code: SyscallDecl | Handler): string {
    return `${code.name}(${code.params.map((p) => p.name).join(', ')})`;
}

function origin(node: AstNode): string {
    const paravirtualized = isOs(node) && (node as Os).paravirtualized ? ', paravirtualized' : '';
    return isStdlibUri(AstUtils.getDocument(node).uri) ? ` (standard library${paravirtualized})` : paravirtualized ? ` (${paravirtualized.slice(2)})` : '';
}
