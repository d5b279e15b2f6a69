// How big a simulation a workspace asks for, before any of it is built. The engine allocates
// every pCPU and vCPU up front (memory pages only when touched, and bounded), so a definition
// declaring `cpu 1000000000 cores` took the language server to 4.8 GB and an abort on save
// (issue 10). Simulate-on-save looks here first and declines what it cannot afford.
import { isHypervisor, isVm, type Model } from '../language/generated/ast.js';
import { pcpusOf, vmVcpus } from '../language/resources.js';
import type { CheckedWorkspace } from '../language/workspace.js';
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';

/** pCPUs + vCPUs simulated on save at most (≈ 1 KiB of engine state each). */
export const ON_SAVE_MAX_CPUS = 16_384;

export interface SimulationSize {
    /** pCPUs of every hypervisor's hardware plus vCPUs of every VM. */
    cpus: number;
    /** The declaration of `document` that asks for the most (a hardware's `cpu`, a VM's `vcpus`). */
    largest?: AstNode;
}

export function simulationSize(workspace: CheckedWorkspace, document: LangiumDocument): SimulationSize {
    let cpus = 0;
    let largest: { node: AstNode; count: number } | undefined;
    const consider = (node: AstNode | undefined, count: number, inDocument: boolean) => {
        cpus += count;
        if (node && inDocument && count > (largest?.count ?? 0)) largest = { node, count };
    };
    for (const doc of workspace.documents) {
        const here = doc.uri.toString() === document.uri.toString();
        for (const element of (doc.parseResult.value as Model).elements) {
            // A hardware's pCPUs are built once per hypervisor on it.
            if (isHypervisor(element)) {
                const hardware = element.hardware?.ref;
                const declaredHere = hardware !== undefined && AstUtils.getDocument(hardware).uri.toString() === document.uri.toString();
                consider(hardware?.cpu, pcpusOf(hardware), declaredHere);
            } else if (isVm(element)) {
                consider(element, vmVcpus(element), here);
            }
        }
    }
    return { cpus, largest: largest?.node };
}
