// Go to definition for the names Langium cannot link alone because their target depends on who
// runs the code (code-context.ts): `syscall NAME` goes to the OS of every VM running the
// program, `hypercall NAME` to the `monitor para` handler in use, a bare operand name to the
// syscall/handler parameter it names or to the device of the hardware running the code.
// Everything else (`run PROGRAM`, `host OS`, `on HARDWARE`, jump labels) is a real
// cross-reference: Langium's default answers it.
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type CstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { DefaultDefinitionProvider, type LangiumServices } from 'langium/lsp';
import { LocationLink, type DefinitionParams } from 'vscode-languageserver';
import {
    isHandler, isHypercallCall, isHypervisor, isMonitor, isNameRef, isOs, isProgram, isSyscallCall, isSyscallDecl,
    type Device, type Handler, type Hardware, type Hypervisor, type NameRef, type Os, type Param, type SyscallDecl,
} from '../generated/ast.js';
import {
    hardwareOfVm, programContexts, syscallOf, techniqueOf, vmsUsingOs, workspaceModel, type WorkspaceModel,
} from '../code-context.js';
import { appendAll } from '../arrays.js';

export class VmdefDefinitionProvider extends DefaultDefinitionProvider {
    private readonly shared: LangiumServices['shared'];

    constructor(services: LangiumServices) {
        super(services);
        this.shared = services.shared;
    }

    override getDefinition(document: LangiumDocument, params: DefinitionParams): MaybePromise<LocationLink[] | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (root) {
            // Also with the cursor just after a name (`write|(`), as Langium's own providers do.
            const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
            if (leaf) {
                const targets = contextualTargets(leaf, workspaceModel(this.shared));
                if (targets) return targets.length ? targets.map((t) => linkTo(t, leaf)) : undefined;
            }
        }
        return super.getDefinition(document, params);
    }
}

/**
 * The declarations a name under the cursor stands for when only the running context says which
 * (several when VMs with different OSes or hardware run the code), or `undefined` when the name
 * is not one of those (then Langium's own linking answers).
 */
export function contextualTargets(leaf: CstNode, model: WorkspaceModel): AstNode[] | undefined {
    const node = leaf.astNode;
    if ((isSyscallCall(node) || isHypercallCall(node)) && isNameToken(leaf, node)) {
        if (isHypercallCall(node)) {
            const handler = model.hypercalls.get(node.name);
            return handler ? [handler] : [];
        }
        return syscallTargets(node, node.name, model);
    }
    if (isNameRef(node)) return nameRefTargets(node, model);
    return undefined;
}

/** Whether the token is (part of) the node's name; a `KeywordName` is a data-type rule, so a composite. */
export function isNameToken(leaf: CstNode, node: AstNode): boolean {
    const name = GrammarUtils.findNodeForProperty(node.$cstNode, 'name');
    return name !== undefined && leaf.offset >= name.offset && leaf.end <= name.end;
}

/** The OSes whose code a `syscall` call enters: the guest OS of each VM running the program. */
export function osesRunning(node: AstNode, model: WorkspaceModel): Os[] {
    const program = AstUtils.getContainerOfType(node, isProgram);
    if (program) return unique(programContexts(program, model).map((c) => c.os));
    // A syscall body calling another syscall of its own OS.
    const os = AstUtils.getContainerOfType(node, isOs);
    return os ? [os] : [];
}

function syscallTargets(node: AstNode, name: string, model: WorkspaceModel): SyscallDecl[] {
    return unique(osesRunning(node, model).map((os) => syscallOf(os, name)));
}

function nameRefTargets(ref: NameRef, model: WorkspaceModel): AstNode[] {
    const code: SyscallDecl | Handler | undefined =
        AstUtils.getContainerOfType<SyscallDecl | Handler>(ref, (n): n is SyscallDecl | Handler => isSyscallDecl(n) || isHandler(n));
    const param: Param | undefined = code?.params.find((p) => p.name === ref.name);
    if (param) return [param];
    return unique(hardwareRunning(ref, model).map((hw) => hw.devices.find((d) => d.name === ref.name))) as Device[];
}

/**
 * The hardware that runs a piece of code: a program's VMs' hardware; an OS syscall's, through
 * the VMs using the OS; a monitor handler's, through the hypervisors using its technique; a
 * host driver's, through the hypervisors hosted on that OS.
 */
export function hardwareRunning(node: AstNode, model: WorkspaceModel): Hardware[] {
    const program = AstUtils.getContainerOfType(node, isProgram);
    if (program) return unique(programContexts(program, model).map((c) => c.hardware));
    const os = AstUtils.getContainerOfType(node, isOs);
    if (os) {
        const inDriver = AstUtils.getContainerOfType(node, isHandler) !== undefined;
        if (!inDriver) return unique(vmsUsingOs(os, model).map(hardwareOfVm));
        return unique(hypervisors(model).filter((hv) => hv.host?.os?.ref === os).map((hv) => hv.hardware?.ref));
    }
    const monitor = AstUtils.getContainerOfType(node, isMonitor);
    if (monitor) {
        return unique(hypervisors(model).filter((hv) => techniqueOf(hv) === monitor.technique).map((hv) => hv.hardware?.ref));
    }
    return [];
}

function hypervisors(model: WorkspaceModel) {
    const result: Hypervisor[] = [];
    for (const list of model.hypervisorsByHardware.values()) appendAll(result, list);
    return result.filter(isHypervisor);
}

function unique<T>(items: (T | undefined)[]): T[] {
    return [...new Set(items.filter((i): i is T => i !== undefined))];
}

/** A link to a declaration: the whole declaration as target, its name as the selection. */
export function linkTo(target: AstNode, origin: CstNode): LocationLink {
    const cst = target.$cstNode!;
    const nameNode = GrammarUtils.findNodeForProperty(cst, 'name') ?? cst;
    return LocationLink.create(AstUtils.getDocument(target).uri.toString(), cst.range, nameNode.range, origin.range);
}
