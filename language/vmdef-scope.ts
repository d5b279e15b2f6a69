// Scoping. Top-level declarations are global across the workspace and exported; they are
// deliberately NOT added again as local symbols of the root: the default scope provider would
// then walk every top-level element before reaching the hashed global scope, which makes
// linking quadratic in the number of declarations (DESIGN.md, "Performance facts").
import {
    AstUtils, DefaultScopeComputation, DefaultScopeProvider, EMPTY_SCOPE, MultiMap,
    type AstNode, type AstNodeDescription, type LangiumCoreServices, type LangiumDocument, type LocalSymbols,
    type ReferenceInfo, type Scope,
} from 'langium';
import { isLabel, isVm, Vm } from './generated/ast.js';

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
    constructor(services: LangiumCoreServices) {
        super(services);
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
