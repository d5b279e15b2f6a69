// Scoping. Top-level declarations are global across the workspace and exported; they are
// deliberately NOT added again as local symbols of the root: the default scope provider would
// then walk every top-level element before reaching the hashed global scope, which makes
// linking quadratic in the number of declarations (DESIGN.md, "Performance facts").
import {
    DefaultScopeComputation, DefaultScopeProvider, EMPTY_SCOPE, MultiMap, MultiMapScope, stream, StreamScope, WorkspaceCache,
    type AstNode, type AstNodeDescription, type LangiumCoreServices, type LangiumDocument, type LocalSymbols,
    type ReferenceInfo, type Scope,
} from 'langium';
import { isLabel, isMonitor, isOs, isProgram, isVm, type Hardware, type Statement, type Vm } from './generated/ast.js';
import { stdlibDirectory } from './stdlib.js';
import * as nodePath from 'node:path';

export class VmdefScopeComputation extends DefaultScopeComputation {
    constructor(services: LangiumCoreServices) {
        super(services);
    }

    /**
     * Labels are the only local symbols: local to the program, syscall or handler body holding
     * them. The grammar puts labels only among the statements of those bodies, so only the
     * bodies are read, not every node of every declaration.
     */
    override async collectLocalSymbols(document: LangiumDocument): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        const addLabels = (body: Statement[]) => {
            for (const statement of body) {
                if (isLabel(statement)) symbols.add(statement.$container, this.descriptions.createDescription(statement, statement.name, document));
            }
        };
        for (const element of (document.parseResult.value as { elements?: AstNode[] }).elements ?? []) {
            if (isProgram(element)) addLabels(element.body);
            else if (isOs(element)) {
                for (const syscall of element.syscalls) addLabels(syscall.body);
                for (const driver of element.drivers) addLabels(driver.body);
            } else if (isMonitor(element)) {
                for (const handler of element.handlers) addLabels(handler.body);
            }
        }
        return symbols;
    }
}

export class VmdefScopeProvider extends DefaultScopeProvider {
    private readonly preferUserScopes: WorkspaceCache<string, Scope>;
    /** Cleared whenever a document changes: a hardware's devices are fixed between changes. */
    private readonly deviceScopes: WorkspaceCache<string, WeakMap<Hardware, Scope>>;
    private stdlibDir: string | undefined;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.preferUserScopes = new WorkspaceCache(services.shared);
        this.deviceScopes = new WorkspaceCache(services.shared);
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

    /**
     * A VM names devices of the hardware its hypervisor runs on. One scope per hardware and
     * build, not descriptions of every device for every reference (two or more per VM).
     */
    private deviceScope(vm: Vm): Scope {
        const hardware = vm.hypervisor?.ref?.hardware?.ref;
        if (!hardware) return EMPTY_SCOPE;
        const scopes = this.deviceScopes.get('devices', () => new WeakMap<Hardware, Scope>());
        let scope = scopes.get(hardware);
        if (!scope) {
            // As `createScopeForNodes`, with the descriptions made once instead of at every lookup.
            const descriptions: AstNodeDescription[] = [];
            for (const device of hardware.devices) {
                const name = this.nameProvider.getName(device);
                if (name) descriptions.push(this.descriptions.createDescription(device, name));
            }
            scope = new StreamScope(stream(descriptions));
            scopes.set(hardware, scope);
        }
        return scope;
    }
}
