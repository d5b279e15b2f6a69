// Hovers: instructions explain how each technique runs them; a syscall or hypercall name shows
// the code it enters; keywords say what they declare; hypervisors, hardware and VMs show their
// resource arithmetic; declarations show their documentation comment.
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, type CstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { MultilineCommentHoverProvider, type LangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import {
    isCpuPart, isExpect, isHardware, isHwCommand, isHypervisor, isInstruction, isProfile, isSyscallCall, isHypercallCall, isVm,
    type Expect, type Hardware, type Hypervisor, type Vm,
} from '../generated/ast.js';
import { capacityOf, pcpusOf, memoryBytesOf, nativeHardwareOf, ratioOf, vmMemoryBytes, vmVcpus, clockHzOf } from '../resources.js';
import { formatBytes, trim } from '../units.js';
import { hwCommandHover, instructionHover } from './instruction-docs.js';
import { keywordHover } from './keyword-docs.js';
import { callHover } from './call-hover.js';
import { techniqueOf, workspaceModel } from '../code-context.js';
import { allProfiles, likeKeywordHover, profileHover } from '../profiles/describe.js';
import { hoverMessages as m } from './messages.js';
import { figureDoc } from '../../lab/figure-docs.js';

export class VmdefHoverProvider extends MultilineCommentHoverProvider {
    private readonly shared: LangiumServices['shared'];

    constructor(services: LangiumServices) {
        super(services);
        this.shared = services.shared;
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (root) {
            const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
            const node = leaf?.astNode;
            if (leaf && node && isInstruction(node) && leaf.offset === node.$cstNode?.offset) {
                const text = isHwCommand(node) ? undefined : instructionHover(isSyscallCall(node) ? 'syscall' : isHypercallCall(node) ? 'hypercall' : leaf.text);
                if (text) return markdown(text);
            }
            if (leaf && node && isHwCommand(node) && leaf.text === node.name) {
                const text = hwCommandHover(node.name);
                if (text) return markdown(text);
            }
            // the keyword `like`: every profile and what it sets
            if (leaf && GrammarAST.isKeyword(leaf.grammarSource) && leaf.text === 'like' && isHypervisor(node)) {
                return markdown(likeKeywordHover(keywordHover('like') ?? '', allProfiles(this.shared.workspace.LangiumDocuments)));
            }
            if (leaf && node && isExpect(node)) {
                const text = figureHover(node, leaf);
                if (text) return markdown(text);
            }
            const text = leaf && (callHover(leaf, workspaceModel(this.shared)) ?? wordHover(leaf));
            if (text) return markdown(text);
        }
        return super.getHoverContent(document, params);
    }

    override getAstNodeHoverContent(node: import('langium').AstNode): MaybePromise<string | undefined> {
        const doc = super.getAstNodeHoverContent(node) as string | undefined;
        const facts = isHypervisor(node) ? hypervisorFacts(node) : isHardware(node) ? hardwareFacts(node) : isVm(node) ? vmFacts(node)
            : isProfile(node) ? profileHover(node) : undefined;
        return [facts, doc].filter(Boolean).join('\n\n---\n\n') || undefined;
    }
}

/** A keyword of a declaration (`vcpus`, `overcommit`, `virtualization hardware`), or a CPU topology unit (`cores`). */
function wordHover(leaf: CstNode): string | undefined {
    if (GrammarAST.isKeyword(leaf.grammarSource)) return keywordHover(leaf.text, assignedProperty(leaf));
    if (isCpuPart(leaf.astNode) && GrammarUtils.findNodeForProperty(leaf.astNode.$cstNode, 'unit') === leaf) return keywordHover(leaf.text);
    return undefined;
}

/**
 * The property a keyword is assigned to: `resource` in `overcommit memory 2.0`, `technique` in
 * `virtualization hardware` (there through the data-type rule `Technique`, one node up).
 */
function assignedProperty(leaf: CstNode): string | undefined {
    const assignment = (n: CstNode | undefined) => n && AstUtils.getContainerOfType(n.grammarSource, GrammarAST.isAssignment)?.feature;
    const container = leaf.container;
    const viaDataType = container && container.astNode === leaf.astNode && container !== leaf.astNode.$cstNode ? assignment(container) : undefined;
    return assignment(leaf) ?? viaDataType;
}

/** A figure path of an `expect` (any segment of it): what the figure is. */
function figureHover(expect: Expect, leaf: CstNode): string | undefined {
    const path = GrammarUtils.findNodeForProperty(expect.$cstNode, 'figure');
    if (!path || expect.figure === undefined || leaf.offset < path.offset || leaf.end > path.end) return undefined;
    const doc = figureDoc(expect.figure);
    return doc && `**${expect.figure}** — ${doc}`;
}

function markdown(value: string): Hover {
    return { contents: { kind: 'markdown', value } };
}

function hardwareFacts(hw: Hardware): string {
    const ghz = clockHzOf(hw) / 1e9;
    return m.hardwareFacts(hw.name, pcpusOf(hw), trim(ghz), formatBytes(memoryBytesOf(hw)), hw.extensions.length ? `, ${hw.extensions.join(', ')}` : '');
}

function hypervisorFacts(hv: Hypervisor): string {
    const cap = capacityOf(hv);
    const reserved = cap.hypervisorReserve.cpus + cap.hostReserve.cpus;
    return [
        (hv.kind === 'type2' ? m.hypervisorType2 : m.hypervisorType1)(hv.name, techniqueOf(hv)),
        m.hypervisorPcpus(cap.usablePcpus, cap.pcpus, reserved, trim(ratioOf(hv, 'cpu'))),
        m.hypervisorMemory(formatBytes(cap.usableBytes), formatBytes(cap.memoryBytes), trim(ratioOf(hv, 'memory'))),
    ].join('\n');
}

function vmFacts(vm: Vm): string {
    const os = vm.os?.$refText ?? m.vmNoOs();
    const on = String(vm.hypervisor?.$refText);
    return m.vmFacts(vm.name, vmVcpus(vm), formatBytes(vmMemoryBytes(vm)), os, nativeHardwareOf(vm) ? m.nativeOn(on) : on);
}
