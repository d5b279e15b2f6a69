// Scoping. Top-level declarations are global across the workspace and exported; they are
// deliberately NOT added again as local symbols of the root: the default scope provider would
// then walk every top-level element before reaching the hashed global scope, which makes
// linking quadratic in the number of declarations (DESIGN.md, "Performance facts").
import {
    AstUtils, DefaultScopeComputation, DefaultScopeProvider, EMPTY_SCOPE, MultiMap, MultiMapScope, WorkspaceCache,
    type AstNode, type AstNodeDescription, type LangiumCoreServices, type LangiumDocument, type LocalSymbols,
    type ReferenceInfo, type Scope,
} from 'langium';
import { isLabel, isVm, Vm } from './generated/ast.js';
import { stdlibDirectory } from './stdlib.js';
import * as nodePath from 'node:path';

export class VmdefScopeComputation extends DefaultScopeComputation {
    constructor(services: LangiumCoreServices) {
        super(services);
    }

    /** Labels are the only local symbols: local to the program, syscall or handler body holding them. */
    override async collectLocalSymbols(document: LangiumDocument): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        for (const element of (document.parseResult.value as { elements?: AstNode[] }).elements ?? []) {
            for (const node of AstUtils.streamAllContents(element)) {
                if (isLabel(node) && node.$container) {
                    symbols.add(node.$container, this.descriptions.createDescription(node, node.name, document));
                }
            }
        }
        return symbols;
    }
}

export class VmdefScopeProvider extends DefaultScopeProvider {
    private readonly preferUserScopes: WorkspaceCache<string, Scope>;
    private stdlibDir: string | undefined;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.preferUserScopes = new WorkspaceCache(services.shared);
    }

    /**
     * The global scope, with the user's declarations before the standard library's: a user
     * `os linux` shadows the library's, so references to `linux` link to the user's.
     */
    protected override getGlobalScope(referenceType: string, _context: ReferenceInfo): Scope {
        return this.preferUserScopes.get(referenceType, () => {
            const user: AstNodeDescription[] = [];
            const library: AstNodeDescription[] = [];
            for (const description of this.indexManager.allElements(referenceType)) {
                (this.isStdlib(description) ? library : user).push(description);
            }
            return new MultiMapScope(library.length ? user.concat(library) : user);
        });
    }

    private isStdlib(description: AstNodeDescription): boolean {
        try {
            this.stdlibDir ??= stdlibDirectory();
        } catch {
            return false;
        }
        return nodePath.dirname(description.documentUri.fsPath) === this.stdlibDir;
    }

    override getScope(context: ReferenceInfo): Scope {
        const container = context.container;
        if (isVm(container) && (context.property === 'devices' || context.property === 'passthrough')) {
            return this.deviceScope(container);
        }
        return super.getScope(context);
    }

    /** A VM names devices of the hardware its hypervisor runs on. */
    private deviceScope(vm: Vm): Scope {
        const hardware = vm.hypervisor?.ref?.hardware?.ref;
        return hardware ? this.createScopeForNodes(hardware.devices) : EMPTY_SCOPE;
    }
}
