// Linking walks the whole syntax tree of a document (≈ 100,000 nodes at 10,000 VMs, and the
// whole edited document again after every edit). Langium 4.2.1's `DefaultLinker.link` builds
// a stream for the tree, a stream of references per node, and awaits `interruptAndCheck`
// for every node — a promise per node. Here one pass over each node's properties finds both
// its references and its children: the same references, linked in the same order (pre-order,
// properties in key order, array items in order) with the same `ReferenceInfo`, so
// `document.references` comes out identical; cancellation is still seen at every node and the
// event loop still gets its turn when due, checked every NODES_PER_YIELD nodes.
import {
    Cancellation, DefaultLinker, interruptAndCheck, isAstNode, isMultiReference, isReference, OperationCancelled,
    type AstNode, type LangiumCoreServices, type LangiumDocument, type ReferenceInfo,
} from 'langium';

const NODES_PER_YIELD = 256;

export class VmdefLinker extends DefaultLinker {
    constructor(services: LangiumCoreServices) {
        super(services);
    }

    override async link(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        if ((this as unknown as { profiler?: { isActive(category: string): boolean } }).profiler?.isActive('linking')) {
            return super.link(document, cancelToken);
        }
        const stack: AstNode[] = [document.parseResult.value];
        const children: AstNode[] = [];
        let visited = 0;
        while (stack.length > 0) {
            const node = stack.pop()!;
            if (visited++ % NODES_PER_YIELD === 0) await interruptAndCheck(cancelToken);
            else if (cancelToken !== Cancellation.CancellationToken.None && cancelToken.isCancellationRequested) throw OperationCancelled;
            const record = node as unknown as Record<string, unknown>;
            for (const property of Object.keys(record)) {
                if (property.charCodeAt(0) === 36 /* $ */) continue;
                const value = record[property];
                // As AstUtils.streamReferences (a reference) and streamContents (a child node).
                if (isReference(value) || isMultiReference(value)) {
                    this.doLink({ reference: value, container: node, property } as ReferenceInfo, document);
                } else if (Array.isArray(value)) {
                    for (let index = 0; index < value.length; index++) {
                        const element = value[index];
                        if (isReference(element)) this.doLink({ reference: element, container: node, property, index }, document);
                    }
                    for (const element of value) if (isAstNode(element)) children.push(element);
                } else if (isAstNode(value)) {
                    children.push(value);
                }
            }
            for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
            children.length = 0;
        }
    }
}
