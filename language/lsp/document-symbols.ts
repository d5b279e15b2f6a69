// The outline (and breadcrumbs) of a .vmdef file: one symbol per declaration, with the facts a
// reader scans for in the detail (`type1 · para · on rack1`, `2 vCPU · 4 GiB · linux on xen`)
// and the parts inside it as children (devices, labels, syscalls, drivers, handlers).
import { GrammarAST, isLeafCstNode, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import {
    isCostPreset, isHardware, isHypervisor, isLabel, isMonitor, isOs, isProgram, isVm,
    type Element, type Handler, type Model, type Statement,
} from '../generated/ast.js';
import { nativeHardwareOf, vmMemoryBytes, vmVcpus } from '../resources.js';
import { techniqueOf } from '../code-context.js';
import { formatBytes } from '../units.js';
import { editorMessages as m } from './messages.js';

export class VmdefDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value as Model;
        return (root.elements ?? []).flatMap((element) => {
            const symbol = elementSymbol(element);
            return symbol ? [symbol] : [];
        });
    }
}

function elementSymbol(element: Element): DocumentSymbol | undefined {
    if (isHardware(element)) {
        const children = element.devices.map((d) => symbol(d, d.name, SymbolKind.Field, d.kind));
        return symbol(element, element.name, SymbolKind.Class, undefined, children);
    }
    if (isHypervisor(element)) {
        const detail = [element.kind, techniqueOf(element), element.hardware ? m.onHardware(element.hardware.$refText) : undefined];
        return symbol(element, element.name, SymbolKind.Module, join(detail));
    }
    if (isVm(element)) {
        const vcpus = safe(() => vmVcpus(element));
        const memory = element.memory ? safe(() => formatBytes(vmMemoryBytes(element))) : undefined;
        const hypervisor = element.hypervisor?.$refText ?? '?';
        const where = nativeHardwareOf(element) ? `${element.os ? `${element.os.$refText} ` : ''}${m.nativeOn(hypervisor)}`
            : element.os ? m.osOnHypervisor(element.os.$refText, hypervisor) : m.onHypervisor(hypervisor);
        return symbol(element, element.name, SymbolKind.Object, join([vcpus === undefined ? undefined : m.vcpus(vcpus), memory, where]));
    }
    if (isProgram(element)) return symbol(element, element.name, SymbolKind.Function, undefined, labels(element.body));
    if (isOs(element)) {
        const children = [
            ...element.syscalls.map((s) => symbol(s, s.name, SymbolKind.Method, signature(s.params), labels(s.body))),
            ...element.drivers.map((h) => handlerSymbol(h, m.driver())),
        ].filter((c): c is DocumentSymbol => c !== undefined);
        return symbol(element, element.name, SymbolKind.Namespace, element.paravirtualized ? m.paravirtualized() : undefined, sortByPosition(children));
    }
    if (isMonitor(element)) {
        const children = element.handlers.map((h) => handlerSymbol(h)).filter((c): c is DocumentSymbol => c !== undefined);
        return symbol(element, `monitor ${element.technique}`, SymbolKind.Interface, undefined, children);
    }
    if (isCostPreset(element)) {
        const children = element.entries.map((e) => symbol(e, e.name, SymbolKind.Constant, m.cycles(e.value)));
        return symbol(element, element.name, SymbolKind.Struct, 'costs', children);
    }
    return undefined;
}

function handlerSymbol(handler: Handler, detail?: string): DocumentSymbol | undefined {
    return symbol(handler, handler.name, SymbolKind.Event, join([signature(handler.params), detail]), labels(handler.body));
}

function labels(body: Statement[]): DocumentSymbol[] {
    return body.filter(isLabel).map((l) => symbol(l, l.name, SymbolKind.Key)).filter((c): c is DocumentSymbol => c !== undefined);
}

function signature(params: { name: string }[]): string {
    return `(${params.map((p) => p.name).join(', ')})`;
}

/** A symbol spanning the node, selecting its name (or its first token when it has none, e.g. `monitor`). */
function symbol(node: AstNode, name: string | undefined, kind: SymbolKind, detail?: string, children?: (DocumentSymbol | undefined)[]): DocumentSymbol | undefined {
    const cst = node.$cstNode;
    // A declaration the parser recovered without a name has nothing to show in the outline.
    if (!cst || !name) return undefined;
    const nameNode = propertyNode(node, 'name') ?? propertyNode(node, 'technique') ?? cst;
    const kids = children?.filter((c): c is DocumentSymbol => c !== undefined);
    return DocumentSymbol.create(name, detail, kind, cst.range, nameNode.range, kids?.length ? kids : undefined);
}

/**
 * The token(s) a node's property was parsed from. Langium's `findNodeForProperty` resolves the
 * assignment of every token of the node through the grammar (≈ 65 µs a VM: 0.65 s for an
 * outline of 10,000 VMs); the property is always assigned directly, so one step up suffices.
 */
function propertyNode(node: AstNode, feature: string): CstNode | undefined {
    const visit = (cst: CstNode): CstNode | undefined => {
        if (isLeafCstNode(cst) || !('content' in cst)) return undefined;
        for (const child of cst.content as CstNode[]) {
            if (child.astNode !== node) continue;
            const source = child.grammarSource?.$container;
            if (GrammarAST.isAssignment(source) && source.feature === feature) return child;
            const found = visit(child);
            if (found) return found;
        }
        return undefined;
    };
    return node.$cstNode ? visit(node.$cstNode) : undefined;
}

function sortByPosition(symbols: DocumentSymbol[]): DocumentSymbol[] {
    return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function join(parts: (string | undefined)[]): string | undefined {
    const present = parts.filter((p): p is string => Boolean(p));
    return present.length ? present.join(' · ') : undefined;
}

/** Resource figures of a half-typed VM must not break the outline. */
function safe<T>(compute: () => T): T | undefined {
    try {
        return compute();
    } catch {
        return undefined;
    }
}
