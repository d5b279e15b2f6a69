// Inlay hints: the arithmetic a reader would otherwise do in their head — pCPUs of a CPU
// topology, and what a hypervisor has left after reservations — and after each `expect` line
// that passed on the last save, what was measured (`✓ 3 exits`; expectation-hints.ts).
import { AstUtils, type AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import { isCpu, isExpect, isHypervisor } from '../generated/ast.js';
import { expectationHints } from './expectation-hints.js';
import { capacityOf } from '../resources.js';
import { formatBytes } from '../units.js';
import { editorMessages as m } from './messages.js';

export class VmdefInlayHintProvider extends AbstractInlayHintProvider {
    computeInlayHint(node: AstNode, accept: InlayHintAcceptor): void {
        if (isCpu(node) && node.parts.length > 1 && node.$cstNode) {
            const count = node.parts.reduce((n, p) => n * p.count, 1);
            const end = node.parts[node.parts.length - 1].$cstNode!.range.end;
            accept({ position: end, label: m.pcpuCount(count), kind: InlayHintKind.Type, paddingLeft: true });
        }
        if (isHypervisor(node) && node.hardware?.ref && node.hardware.$refNode) {
            const cap = capacityOf(node);
            accept({
                position: node.hardware.$refNode.range.end,
                label: m.usable(cap.usablePcpus, formatBytes(cap.usableBytes)),
                kind: InlayHintKind.Type,
                paddingLeft: true,
            });
        }
        if (isExpect(node) && node.$cstNode) {
            const document = AstUtils.getDocument(node);
            const range = node.$cstNode.range;
            const hint = expectationHints.get(document.uri.toString(), document.textDocument.version).find((h) => h.line === range.start.line);
            if (hint) accept({ position: range.end, label: hint.label, paddingLeft: true });
        }
    }
}
