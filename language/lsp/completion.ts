// Completion beyond keywords and cross-references: what is only known from context — units
// after a number, the syscalls of the OS that runs this program, hypercalls, `hw` commands,
// cost entries, device and parameter names as operands, and the figure paths of an `expect`.
import { AstUtils, GrammarAST, type MaybePromise } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type NextFeature, type LangiumServices } from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import type { AstNode, AstNodeDescription, ReferenceInfo } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import {
    isCpu, isFailAt, isFailHost, isHandler, isHardware, isOs, isProfile, isProgram, isReserve, isScheduler, isSyscallDecl, isVm,
} from '../generated/ast.js';
import { COST_NAMES, HW_COMMANDS } from '../isa.js';
import { unitsOf, type Dimension } from '../units.js';
import { hardwareOfVm, programContexts, vmsUsingOs, workspaceModel } from '../code-context.js';
import { hwCommandDoc } from './instruction-docs.js';
import { figureScopeOf } from '../validation/expect-checks.js';
import { figurePaths } from '../../lab/figures.js';
import { figureDoc } from '../../lab/figure-docs.js';
import { editorMessages as m } from './messages.js';
import { profileDetail, profileHover } from '../profiles/describe.js';
import { syscallsOf } from '../os-members.js';

export class VmdefCompletionProvider extends DefaultCompletionProvider {
    private readonly sharedServices: LangiumSharedServices;

    constructor(services: LangiumServices) {
        super(services);
        this.sharedServices = services.shared;
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        // A name (an identifier or a word that is a keyword elsewhere: `hw timer`, `syscall 100`
        // in a preset) is the token category NAME, which stands for the name being completed;
        // words that are keywords are offered through the name lists below. Inside a datatype
        // rule (a figure path) Langium does not say whose name it is, so nameOwner works it out.
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule)?.name;
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const terminal = GrammarAST.isAssignment(assignment) && GrammarAST.isRuleCall(assignment.terminal) ? assignment.terminal.rule.ref?.name : undefined;
        const inName = terminal === 'NAME';
        const typedPath = figurePathBefore(context);
        if (typedPath !== undefined && (inName || rule === 'FigurePath')) return this.offerFigurePaths(context, typedPath, acceptor);
        const key = inName ? nameOwner(context, next) : terminal === 'ID' ? `${next.type ?? context.node?.$type}.${assignment!.feature}` : undefined;
        if (key) {
            const offer = (labels: Iterable<string>, kind: CompletionItemKind, detail?: (l: string) => string | undefined) => {
                for (const label of labels) acceptor(context, { label, kind, detail: detail?.(label) });
            };
            switch (key) {
                case 'Quantity.unit':
                    return offer(unitsFor(context.node), CompletionItemKind.Unit);
                case 'CpuPart.unit':
                    return offer(['sockets', 'cores', 'threads'], CompletionItemKind.Unit);
                case 'SyscallCall.name':
                    return offer(this.syscallNames(context.node), CompletionItemKind.Function, m.syscallDetail);
                case 'HypercallCall.name':
                    return offer(workspaceModel(this.sharedServices).hypercalls.keys(), CompletionItemKind.Function, m.hypercallDetail);
                case 'HwCommand.name':
                    return offer(Object.keys(HW_COMMANDS), CompletionItemKind.Function, hwCommandDoc);
                case 'CostEntry.name':
                    return offer(COST_NAMES, CompletionItemKind.Property);
                case 'NameRef.name':
                    return offer(this.operandNames(context.node), CompletionItemKind.Variable);
            }
        }
        return super.completionFor(context, next, acceptor);
    }

    /** A profile after `like`: what it sets, as the detail and the documentation. */
    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const node = description.node;
        if (!isProfile(node)) return item;
        return { ...item, detail: profileDetail(node), documentation: { kind: 'markdown', value: profileHover(node) } };
    }

    /** Every figure path of the VM's results, replacing the whole path typed so far (`exits.i` -> `exits.io`). */
    private offerFigurePaths(context: CompletionContext, typed: string, acceptor: CompletionAcceptor): void {
        const vm = context.node && AstUtils.getContainerOfType(context.node, isVm);
        const scope = vm ? figureScopeOf(vm, workspaceModel(this.sharedServices)) : { devices: [], hypercalls: [] };
        const start = context.textDocument.positionAt(context.offset - typed.length);
        for (const path of figurePaths(scope)) {
            acceptor(context, {
                label: path, kind: CompletionItemKind.Field, detail: figureDoc(path), filterText: path,
                textEdit: { newText: path, range: { start, end: context.position } },
            });
        }
    }

    /** Syscalls of every OS under which this program (or this OS's own code) runs. */
    private syscallNames(node: AstNode | undefined): string[] {
        const program = node && AstUtils.getContainerOfType(node, isProgram);
        const model = workspaceModel(this.sharedServices);
        const oses = program ? programContexts(program, model).map((c) => c.os).filter((os) => os !== undefined) : [];
        const pool = oses.length ? oses : [...model.declarations.values()].flat().filter(isOs);
        return [...new Set(pool.flatMap((os) => syscallsOf(os).map((s) => s.name)))];
    }

    /** Parameters of the enclosing syscall or handler, and devices of the hardware that runs the code. */
    private operandNames(node: AstNode | undefined): string[] {
        if (!node) return [];
        const names = new Set<string>();
        const body = AstUtils.getContainerOfType(node, (n): n is AstNode => isSyscallDecl(n) || isHandler(n)) as { params?: { name: string }[] } | undefined;
        body?.params?.forEach((p) => names.add(p.name));
        const model = workspaceModel(this.sharedServices);
        const program = AstUtils.getContainerOfType(node, isProgram);
        const os = AstUtils.getContainerOfType(node, isOs);
        const vms = program ? programContexts(program, model).map((c) => c.vm) : os ? vmsUsingOs(os, model) : [];
        for (const vm of vms) hardwareOfVm(vm)?.devices.forEach((d) => names.add(d.name));
        return [...names];
    }
}

/** Units that fit where the number stands. */
function unitsFor(node: AstNode | undefined): string[] {
    const dims: Dimension[] = [];
    const container = node?.$type === 'Quantity' ? node.$container : node;
    if (isHardware(container) || isVm(container)) dims.push('memory');
    else if (isReserve(container)) dims.push('cpus', 'memory');
    else if (isFailAt(container) || isFailHost(container) || isScheduler(container)) dims.push('time');
    else if (isCpu(container)) dims.push('frequency');
    else dims.push('memory', 'time', 'frequency', 'cpus');
    return dims.flatMap(unitsOf);
}

/** Whose name a NAME at the cursor is: the keyword before it, or the property it fills. */
function nameOwner(context: CompletionContext, next: NextFeature): string | undefined {
    const before = /([A-Za-z_]\w*)\s*$/.exec(context.textDocument.getText().slice(Math.max(0, context.tokenOffset - 64), context.tokenOffset))?.[1];
    if (before === 'hw') return 'HwCommand.name';
    if (before === 'hypercall') return 'HypercallCall.name';
    if (before === 'syscall') return isOs(context.node) ? undefined : 'SyscallCall.name';
    switch (next.property) {
        case 'a': case 'b': case 'args': case 'address': return 'NameRef.name';
        case 'entries': case 'overrides': return 'CostEntry.name';
    }
    return undefined;
}

/** The figure path typed so far when the cursor is in one (`expect exits.i|` → `exits.i`); else undefined. */
function figurePathBefore(context: CompletionContext): string | undefined {
    const before = context.textDocument.getText().slice(Math.max(0, context.offset - 128), context.offset);
    const typed = /\bexpect\s+([A-Za-z_][\w.]*)?$/.exec(before);
    return typed ? (typed[1] ?? '') : undefined;
}
