// `vmdef/hypervisorUsage`: the figures behind the extension's status bar item — how much of
// its host the hypervisor under the cursor (or the hypervisor of the VM under the cursor) has
// handed out, against what is usable after reservations. Same arithmetic as the overcommit
// diagnostics (language/overcommit.ts), read from the workspace model built once per build.
import { AstUtils, Cancellation, CstUtils, DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection, Position } from 'vscode-languageserver';
import { isHypervisor, isVm, type Hypervisor } from '../language/generated/ast.js';
import { hypervisorOfVm } from '../language/resources.js';
import { workspaceModel } from '../language/code-context.js';
import { loadOf } from '../language/overcommit.js';

export const HYPERVISOR_USAGE_REQUEST = 'vmdef/hypervisorUsage';

export interface HypervisorUsageParams {
    uri: string;
    position: Position;
}

export interface HypervisorUsage {
    name: string;
    kind: string;
    /** Σ vCPUs of its VMs. */
    vcpus: number;
    /** Host pCPUs minus the hypervisor's and host OS's reservations. */
    usablePcpus: number;
    cpuRatioAllowed: number;
    /** Σ memory of its VMs, in bytes. */
    memoryBytes: number;
    usableBytes: number;
    memoryRatioAllowed: number;
    vms: number;
    /** Beyond what `overcommit` allows, for CPU or memory (the diagnostics are errors then). */
    overcommitted: boolean;
}

/** Registers the request on the server's connection; call before `startLanguageServer`. */
export function registerHypervisorUsageRequest(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(HYPERVISOR_USAGE_REQUEST, (params: HypervisorUsageParams, token) => hypervisorUsage(shared, params, token));
}

export async function hypervisorUsage(
    shared: LangiumSharedServices,
    params: HypervisorUsageParams,
    token: Cancellation.CancellationToken = Cancellation.CancellationToken.None,
): Promise<HypervisorUsage | null> {
    const uri = URI.parse(params.uri);
    // Answer from linked documents: references (VM → hypervisor → hardware) must be resolved.
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, uri, token);
    const documents = shared.workspace.LangiumDocuments;
    if (!documents.hasDocument(uri)) return null;
    const document = documents.getDocument(uri)!;
    const hypervisor = hypervisorAt(document, params.position);
    if (!hypervisor) return null;
    const load = loadOf(hypervisor, workspaceModel(shared));
    return {
        name: hypervisor.name,
        kind: hypervisor.kind,
        vcpus: load.cpu.demand,
        usablePcpus: load.cpu.usable,
        cpuRatioAllowed: load.cpu.allowed,
        memoryBytes: load.memory.demand,
        usableBytes: load.memory.usable,
        memoryRatioAllowed: load.memory.allowed,
        vms: load.vms.length,
        overcommitted: load.cpu.verdict === 'over' || load.memory.verdict === 'over',
    };
}

/** The hypervisor declaration around the position, or the one a VM around it runs on. */
function hypervisorAt(document: LangiumDocument, position: Position): Hypervisor | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const offset = document.textDocument.offsetAt(position);
    // Between tokens (indentation, a blank line) the token before the cursor decides.
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset) ?? CstUtils.findLeafNodeBeforeOffset(root, offset);
    const node = leaf?.astNode;
    if (!node) return undefined;
    const hypervisor = AstUtils.getContainerOfType(node, isHypervisor);
    if (hypervisor) return hypervisor;
    const vm = AstUtils.getContainerOfType(node, isVm);
    return vm && hypervisorOfVm(vm);
}
