// Quick fixes for the diagnostics whose fix is mechanical (LANGUAGE.md §7): raise the allowed
// overcommit ratio, switch a VM to a paravirtualized OS, add or remove a host OS, switch the
// technique, add the VT-x extension, lower a VM's vCPUs, drop a conflicting device, assign a device to a VM. Each is a WorkspaceEdit, possibly in
// another file than the diagnostic (the hypervisor of a VM declared elsewhere).
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type CstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type Command, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { CodeActionParams } from 'vscode-languageserver-protocol';
import {
    isFailHost, isHostOs, isHypervisor, isNameRef, isOs, isProgram, isSyscallDecl, isVm,
    type Hardware, type Hypervisor, type NameRef, type Os, type Vm,
} from './generated/ast.js';
import type { VmdefServices } from './vmdef-module.js';
import { profileOf, requiresHardwareVirtualization } from './profiles/settings.js';
import { devicesAssignedTo, hardwareOfVm, techniqueOf, vmsRunning, vmsUsingOs, workspaceModel, type Technique } from './code-context.js';
import { loadOf, neededRatio, type Resource } from './overcommit.js';
import { capacityOf, capacityOfHardware, hypervisorOfVm, nativeHardwareOf } from './resources.js';
import { systemOf } from './systems.js';
import { appendAll } from './arrays.js';
import { quickFixTitles as t } from './lsp/messages.js';
import { isParavirtualized } from './os-members.js';

const INDENT = '    ';
/** The host OS the `host-os-required` fix declares. */
const HOST_LINE = 'host linux { reserve 1 cpus, 2 GiB }';
/** A fix per VM, for code many VMs run: the first few are enough to choose from. */
const MAX_VM_FIXES = 5;

export class VmdefCodeActionProvider implements CodeActionProvider {
    constructor(private readonly services: VmdefServices) {}

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const node = nodeAt(document, diagnostic);
            if (!node) continue;
            appendAll(actions, this.fixesFor(diagnostic, node));
        }
        return actions;
    }

    private fixesFor(diagnostic: Diagnostic, node: AstNode): CodeAction[] {
        const fix = (title: string, edit: WorkspaceEdit | undefined, isPreferred = false): CodeAction[] =>
            edit ? [{ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit, isPreferred }] : [];
        const hypervisor = AstUtils.getContainerOfType(node, isHypervisor);
        const vm = AstUtils.getContainerOfType(node, isVm);
        switch (diagnostic.code) {
            case 'cpu-overcommit':
            case 'memory-overcommit':
                return hypervisor ? this.raiseRatio(hypervisor, diagnostic.code === 'cpu-overcommit' ? 'cpu' : 'memory', fix) : [];
            case 'pv-kernel-required':
                return vm ? this.paravirtualizedOs(vm, fix) : [];
            case 'host-os-required':
                return hypervisor ? fix(t.addHostOs(HOST_LINE),
                    insertLine(hypervisor, HOST_LINE), true) : [];
            case 'host-os-forbidden': {
                const target = AstUtils.getContainerOfType(node, (n): n is AstNode => isHostOs(n) || isFailHost(n));
                return target ? fix(isHostOs(target) ? t.removeHostOs() : t.removeFailHost(), deleteNode(target), true) : [];
            }
            case 'hw-virt-unavailable': {
                if (!hypervisor) return [];
                const hardware = hypervisor.hardware?.ref;
                // a profile that requires VT-x / AMD-V (`like virtualbox`) is not helped by binary translation
                const binary = !requiresHardwareVirtualization(profileOf(hypervisor));
                return [
                    ...(binary ? fix(t.switchToBinary(), setTechnique(hypervisor, 'binary')) : []),
                    ...(hardware ? fix(t.addVtx(hardware.name), addVtx(hardware), true) : []),
                ];
            }
            case 'nested-paging-unavailable': {
                const hardware = hypervisor?.hardware?.ref;
                if (!hypervisor || !hardware) return [];
                // AMD's hardware (svm) has NPT, Intel's EPT
                const extension = hardware.extensions.includes('svm') ? 'npt' : 'ept';
                return [
                    ...fix(t.addNestedPaging(extension, hardware.name), appendToList(hardware, 'extensions', extension), true),
                    ...fix(t.usePagingShadow(), setPaging(hypervisor, 'shadow')),
                ];
            }
            case 'fidelity-violation':
                return this.fidelityFixes(node, fix);
            case 'pv-kernel-needs-para': {
                const host = vm && hypervisorOfVm(vm);
                return host ? fix(t.switchToPara(host.name), setTechnique(host, 'para'), true) : [];
            }
            case 'passthrough-without-iommu': {
                const hardware = vm && hardwareOfVm(vm);
                if (!hardware) return [];
                // AMD hardware gets AMD-Vi, anything else Intel's VT-d
                const extension = hardware.extensions.includes('svm') ? 'amdvi' : 'vtd';
                return fix(t.addIommu(extension, hardware.name), appendToList(hardware, 'extensions', extension), true);
            }
            case 'passthrough-conflict':
                return vm ? this.removeDeviceMention(vm, diagnostic, fix) : [];
            case 'device-not-assigned':
                return isNameRef(node) ? this.assignDevice(node, fix) : [];
            case 'vcpus-exceed-host': {
                const hypervisor = vm && hypervisorOfVm(vm);
                const hardware = vm && nativeHardwareOf(vm);
                if ((!hypervisor && !hardware) || vm?.vcpus === undefined) return [];
                const usable = (hypervisor ? capacityOf(hypervisor) : capacityOfHardware(hardware)).usablePcpus;
                const value = GrammarUtils.findNodeForProperty(vm.$cstNode, 'vcpus');
                return usable > 0 && value ? fix(t.lowerVcpus(usable), replace(value, String(usable)), true) : [];
            }
            default:
                return [];
        }
    }

    private raiseRatio(hypervisor: Hypervisor, resource: Resource, fix: FixMaker): CodeAction[] {
        const load = loadOf(hypervisor, workspaceModel(this.services.shared));
        const demand = resource === 'cpu' ? load.cpu : load.memory;
        if (demand.verdict !== 'over' || !Number.isFinite(demand.ratio)) return [];
        const value = neededRatio(demand).toFixed(1);
        const ratio = hypervisor.overcommit?.ratios.find((r) => r.resource === resource);
        let edit: WorkspaceEdit | undefined;
        if (ratio?.$cstNode) edit = replace(ratio.$cstNode, `${resource} ${value}`);
        else if (hypervisor.overcommit?.$cstNode) edit = insertAt(hypervisor.overcommit.$cstNode, 'end', `, ${resource} ${value}`);
        else edit = insertLine(hypervisor, `overcommit ${resource} ${value}`);
        return fix(resource === 'cpu' ? t.allowCpuOvercommit(value) : t.allowMemoryOvercommit(value), edit, true);
    }

    /** Adds the device to the `devices` of each VM that runs the code without it (the first few). */
    private assignDevice(ref: NameRef, fix: FixMaker): CodeAction[] {
        const program = AstUtils.getContainerOfType(ref, isProgram);
        if (!program) return [];
        const lacking = vmsRunning(program, workspaceModel(this.services.shared))
            .filter((vm) => hardwareOfVm(vm)?.devices.some((d) => d.name === ref.name) && !devicesAssignedTo(vm).has(ref.name));
        return lacking.slice(0, MAX_VM_FIXES).flatMap((vm, i) =>
            fix(t.addDevice(ref.name, vm.name), appendToList(vm, 'devices', ref.name), i === 0));
    }

    /** Drops the conflicting mention of the device from this VM's `devices` / `passthrough` list. */
    private removeDeviceMention(vm: Vm, diagnostic: Diagnostic, fix: FixMaker): CodeAction[] {
        for (const property of ['devices', 'passthrough'] as const) {
            const items = GrammarUtils.findNodesForProperty(vm.$cstNode, property);
            const index = items.findIndex((item) => containsPosition(item, diagnostic.range.start));
            if (index < 0) continue;
            const item = items[index];
            const doc = AstUtils.getDocument(vm);
            let edit: WorkspaceEdit | undefined;
            if (items.length === 1) {
                const keyword = GrammarUtils.findNodeForKeyword(vm.$cstNode, property);
                edit = keyword ? deleteSpan(doc, keyword.offset, item.end) : undefined;
            } else if (index > 0) {
                edit = deleteSpan(doc, items[index - 1].end, item.end, false);
            } else {
                edit = deleteSpan(doc, item.offset, items[1].offset, false);
            }
            return fix(t.removeDevice(item.text, property), edit, true);
        }
        return [];
    }

    /** `linux` -> `xenlinux`: a paravirtualized OS whose name contains the original's first, then any. */
    private paravirtualizedOs(vm: Vm, fix: FixMaker): CodeAction[] {
        const original = vm.os?.ref?.name ?? vm.os?.$refText ?? '';
        const model = workspaceModel(this.services.shared);
        const candidates: Os[] = [];
        const system = systemOf(vm);
        for (const declarations of model.declarations.values()) {
            // an OS the VM can name: of its own folder, else of the library (systems.ts)
            const os = declarations.find((d) => isOs(d) && systemOf(d) === system) ?? declarations.find((d) => isOs(d) && model.isStdlib(d));
            if (isOs(os) && isParavirtualized(os)) candidates.push(os);
        }
        candidates.sort((a, b) => Number(b.name.includes(original)) - Number(a.name.includes(original)) || a.name.localeCompare(b.name));
        const ref = GrammarUtils.findNodeForProperty(vm.$cstNode, 'os');
        if (!ref) return [];
        return candidates.flatMap((os, i) => fix(t.useParavirtualizedOs(os.name), replace(ref, os.name), i === 0));
    }

    /** Switch the `full` hypervisors running the code to binary translation or hardware assistance. */
    private fidelityFixes(node: AstNode, fix: FixMaker): CodeAction[] {
        const model = workspaceModel(this.services.shared);
        const hypervisors = new Set<Hypervisor>();
        const program = AstUtils.getContainerOfType(node, isProgram);
        const syscall = AstUtils.getContainerOfType(node, isSyscallDecl);
        const vms = program ? vmsRunning(program, model).filter((vm) => !vm.os) : syscall && isOs(syscall.$container) ? vmsUsingOs(syscall.$container, model) : [];
        for (const vm of vms) {
            const hypervisor = hypervisorOfVm(vm);
            if (hypervisor && techniqueOf(hypervisor) === 'full') hypervisors.add(hypervisor);
        }
        return [...hypervisors].flatMap((hypervisor, i) => {
            const hardware = hypervisor.hardware?.ref;
            const needsVtx = hardware && !hardware.extensions.some((e) => e === 'vtx' || e === 'svm');
            return [
                ...fix(t.hypervisorToBinary(hypervisor.name), setTechnique(hypervisor, 'binary'), i === 0),
                ...fix(needsVtx ? t.hypervisorToHardwareWithVtx(hypervisor.name, hardware.name) : t.hypervisorToHardware(hypervisor.name),
                    merge(setTechnique(hypervisor, 'hardware'), needsVtx ? addVtx(hardware) : undefined)),
            ];
        });
    }
}

type FixMaker = (title: string, edit: WorkspaceEdit | undefined, isPreferred?: boolean) => CodeAction[];

function nodeAt(document: LangiumDocument, diagnostic: Diagnostic): AstNode | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const offset = document.textDocument.offsetAt(diagnostic.range.start);
    return CstUtils.findLeafNodeAtOffset(root, offset)?.astNode;
}

function uriOf(node: AstNode | CstNode): string {
    const ast = 'astNode' in node ? node.astNode : node;
    return AstUtils.getDocument(ast).uri.toString();
}

function edits(node: AstNode | CstNode, ...list: TextEdit[]): WorkspaceEdit {
    return { changes: { [uriOf(node)]: list } };
}

function replace(cst: CstNode, text: string): WorkspaceEdit {
    return edits(cst, { range: cst.range, newText: text });
}

function insertAt(cst: CstNode, where: 'start' | 'end', text: string): WorkspaceEdit {
    const position = where === 'start' ? cst.range.start : cst.range.end;
    return edits(cst, { range: { start: position, end: position }, newText: text });
}

function merge(a: WorkspaceEdit | undefined, b: WorkspaceEdit | undefined): WorkspaceEdit | undefined {
    if (!a || !b) return a ?? b;
    const changes: Record<string, TextEdit[]> = { ...a.changes };
    for (const [uri, list] of Object.entries(b.changes ?? {})) changes[uri] = [...(changes[uri] ?? []), ...list];
    return { changes };
}

/** Adds `text` as the first line inside the declaration's `{ }`, creating the block if there is none. */
function insertLine(node: Hypervisor | Hardware | Vm, text: string): WorkspaceEdit | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const base = ' '.repeat(cst.range.start.character);
    const brace = GrammarUtils.findNodeForKeyword(cst, '{');
    if (brace) return insertAt(brace, 'end', `\n${base}${INDENT}${text}`);
    return insertAt(cst, 'end', ` {\n${base}${INDENT}${text}\n${base}}`);
}

function containsPosition(cst: CstNode, position: { line: number; character: number }): boolean {
    const { start, end } = cst.range;
    const after = position.line > start.line || (position.line === start.line && position.character >= start.character);
    const before = position.line < end.line || (position.line === end.line && position.character <= end.character);
    return after && before;
}

/** Removes a node; the whole line when nothing else stands on it. */
function deleteNode(node: AstNode): WorkspaceEdit | undefined {
    const cst = node.$cstNode;
    return cst ? deleteSpan(AstUtils.getDocument(node), cst.offset, cst.end) : undefined;
}

/** Removes text from `start` to `end` (offsets); the whole line when nothing else stands on it. */
function deleteSpan(document: LangiumDocument, from: number, to: number, wholeLine = true): WorkspaceEdit {
    const text = document.textDocument.getText();
    let start = from;
    let end = to;
    let lineStart = start;
    while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    let lineEnd = end;
    while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
    if (wholeLine && (lineStart === 0 || text[lineStart - 1] === '\n') && (text[lineEnd] === '\n' || text[lineEnd] === '\r' || lineEnd === text.length)) {
        start = lineStart;
        end = lineEnd < text.length ? lineEnd + (text[lineEnd] === '\r' ? 2 : 1) : lineEnd;
    }
    const doc = document.textDocument;
    return { changes: { [document.uri.toString()]: [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, newText: '' }] } };
}

function setTechnique(hypervisor: Hypervisor, technique: Technique): WorkspaceEdit | undefined {
    const value = GrammarUtils.findNodeForProperty(hypervisor.$cstNode, 'technique');
    return value ? replace(value, technique) : insertLine(hypervisor, `virtualization ${technique}`);
}

/** `paging nested` → `paging shadow`. */
function setPaging(hypervisor: Hypervisor, paging: string): WorkspaceEdit | undefined {
    const value = GrammarUtils.findNodeForProperty(hypervisor.$cstNode, 'paging');
    return value ? replace(value, paging) : undefined;
}

function addVtx(hardware: Hardware): WorkspaceEdit | undefined {
    return appendToList(hardware, 'extensions', 'vtx');
}

/** `extensions ept` → `extensions ept, vtx`; a new `extensions vtx` line when there is no list. */
function appendToList(node: Hardware | Vm, property: 'extensions' | 'devices', item: string): WorkspaceEdit | undefined {
    const existing = GrammarUtils.findNodesForProperty(node.$cstNode, property);
    if (existing.length) return insertAt(existing[existing.length - 1], 'end', `, ${item}`);
    return insertLine(node, `${property} ${item}`);
}
