// Find references for declarations that calls reach only through who runs the code: a
// `syscall NAME` declaration is called by the programs that VMs using its OS run; a `monitor
// para` handler by the `hypercall NAME` instructions that resolve to it. Everything else keeps
// Langium's cross-reference search.
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { DefaultReferencesProvider, type LangiumServices } from 'langium/lsp';
import { Location, type ReferenceParams } from 'vscode-languageserver';
import { isHandler, isHypercallCall, isMonitor, isOs, isSyscallCall, isSyscallDecl, type Model, type Program } from '../generated/ast.js';
import { vmsUsingOs, workspaceModel } from '../code-context.js';
import { isNameToken } from './definition.js';

export class VmdefReferencesProvider extends DefaultReferencesProvider {
    private readonly shared: LangiumServices['shared'];

    constructor(services: LangiumServices) {
        super(services);
        this.shared = services.shared;
    }

    override findReferences(document: LangiumDocument, params: ReferenceParams): MaybePromise<Location[]> {
        const root = document.parseResult.value.$cstNode;
        // Also with the cursor just after a name, as Langium's own providers do.
        const leaf = root && CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
        const node = leaf?.astNode;
        if (leaf && node && (isSyscallDecl(node) || isHandler(node)) && isNameToken(leaf, node)) {
            const calls = isSyscallDecl(node) ? this.syscallCalls(node.name, node) : this.hypercallCalls(node);
            if (calls) {
                const declaration = params.context.includeDeclaration ? [Location.create(document.uri.toString(), leaf.range)] : [];
                return [...declaration, ...calls];
            }
        }
        return super.findReferences(document, params);
    }

    /** Every `syscall NAME` in a program run by a VM using the declaring OS. */
    private syscallCalls(name: string, decl: AstNode): Location[] {
        const os = AstUtils.getContainerOfType(decl, isOs);
        if (!os) return [];
        const model = workspaceModel(this.shared);
        const programs = new Set<Program>();
        for (const vm of vmsUsingOs(os, model)) for (const run of vm.runs) if (run.program?.ref) programs.add(run.program.ref);
        const locations: Location[] = [];
        for (const program of programs) {
            for (const statement of program.body) if (isSyscallCall(statement) && statement.name === name) locations.push(nameLocation(statement));
        }
        return locations;
    }

    /** Every `hypercall NAME` that resolves to this handler; undefined for non-para handlers and OS drivers. */
    private hypercallCalls(handler: AstNode & { name: string }): Location[] | undefined {
        const monitor = AstUtils.getContainerOfType(handler, isMonitor);
        if (monitor?.technique !== 'para') return undefined;
        if (workspaceModel(this.shared).hypercalls.get(handler.name) !== handler) return [];
        const locations: Location[] = [];
        for (const doc of this.shared.workspace.LangiumDocuments.all) {
            for (const node of AstUtils.streamAllContents(doc.parseResult.value as Model)) {
                if (isHypercallCall(node) && node.name === handler.name) {
                    locations.push(nameLocation(node));
                }
            }
        }
        return locations;
    }
}

function nameLocation(node: AstNode): Location {
    const name = GrammarUtils.findNodeForProperty(node.$cstNode, 'name') ?? node.$cstNode!;
    return Location.create(AstUtils.getDocument(node).uri.toString(), name.range);
}
