// Scoping. Top-level declarations are global within their system (their folder, see
// systems.ts) and exported; they are
// deliberately NOT added again as local symbols of the root: the default scope provider would
// then walk every top-level element before reaching the hashed global scope, which makes
// linking quadratic in the number of declarations (DESIGN.md, "Performance facts").
import {
    AstUtils, DefaultScopeComputation, DefaultScopeProvider, EMPTY_SCOPE, MultiMap, MultiMapScope, stream, StreamScope, WorkspaceCache,
    type AstNode, type AstNodeDescription, type LangiumCoreServices, type LangiumDocument, type LocalSymbols,
    type ReferenceInfo, type Scope, type Stream, type URI,
} from 'langium';
import { isLabel, isMonitor, isOs, isProfile, isProgram, isSyscallDecl, isVm, type Hardware, type Statement, type SyscallDecl, type Vm } from './generated/ast.js';
import { routinesOf } from './os-members.js';
import { hardwareOfVm } from './resources.js';
import { isStdlibUri } from './stdlib.js';
import { systemOfUri } from './systems.js';

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
                for (const routine of element.routines) addLabels(routine.body);
                for (const driver of element.drivers) addLabels(driver.body);
                // exception / interrupt handlers and boot code hold labels of their own too
                for (const handler of element.vectors) addLabels(handler.body);
                for (const boot of element.boots) addLabels(boot.body);
            } else if (isMonitor(element)) {
                for (const handler of element.handlers) addLabels(handler.body);
            } else if (isProfile(element)) {
                for (const handler of element.hypercalls) addLabels(handler.body);
            }
        }
        return symbols;
    }
}

interface SystemScopes {
    bySystem: Map<string, MultiMapScope>;
    library: MultiMapScope;
    /** Each asking document's scope, made at its first reference (a document makes thousands). */
    byDocument: WeakMap<LangiumDocument, Scope>;
}

export class VmdefScopeProvider extends DefaultScopeProvider {
    private readonly systemScopes: WorkspaceCache<string, SystemScopes>;
    /** Cleared whenever a document changes: a hardware's devices are fixed between changes. */
    private readonly deviceScopes: WorkspaceCache<string, WeakMap<Hardware, Scope>>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.systemScopes = new WorkspaceCache(services.shared);
        this.deviceScopes = new WorkspaceCache(services.shared);
    }

    /**
     * The global scope of the reference's system (its folder, language/systems.ts), with the
     * user's declarations before the standard library's: a user `os linux` shadows the
     * library's, so references to `linux` link to the user's. When a folder declares a name
     * twice (a `duplicate-name` error), the declaration in the reference's own file wins, so
     * the error is the only one: a variant never links to its sibling's hypervisor.
     */
    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const scopes = this.systemScopes.get(referenceType, () => this.scopesBySystem(referenceType));
        let scope = scopes.byDocument.get(document);
        if (!scope) {
            scope = new OwnFileFirstScope(scopes.bySystem.get(systemOfUri(document.uri)) ?? scopes.library, document.uri.toString());
            scopes.byDocument.set(document, scope);
        }
        return scope;
    }

    /** One scope per system that declares something of the type, each ending with the library; the library alone. */
    private scopesBySystem(referenceType: string): SystemScopes {
        const bySystem = new Map<string, AstNodeDescription[]>();
        const library: AstNodeDescription[] = [];
        // a document's descriptions share its URI object: its system (null: the library) is found once
        const systemOfDocument = new Map<URI, string | null>();
        for (const description of this.indexManager.allElements(referenceType)) {
            const uri = description.documentUri;
            let system = systemOfDocument.get(uri);
            if (system === undefined) {
                system = isStdlibUri(uri) ? null : systemOfUri(uri);
                systemOfDocument.set(uri, system);
            }
            if (system === null) {
                library.push(description);
                continue;
            }
            const list = bySystem.get(system);
            if (list) list.push(description);
            else bySystem.set(system, [description]);
        }
        const scopes = new Map<string, MultiMapScope>();
        for (const [system, user] of bySystem) scopes.set(system, new MultiMapScope(library.length ? user.concat(library) : user));
        return { bySystem: scopes, library: new MultiMapScope(library), byDocument: new WeakMap() };
    }

    override getScope(context: ReferenceInfo): Scope {
        const container = context.container;
        if (isVm(container) && (context.property === 'devices' || context.property === 'virtio' || context.property === 'passthrough')) {
            return this.deviceScope(container);
        }
        if (isSyscallDecl(container) && context.property === 'routine') return this.routineScope(container);
        return super.getScope(context);
    }

    /** A bound syscall names a routine of its OS or of an OS that OS is built on, never a global. */
    private routineScope(syscall: SyscallDecl): Scope {
        const os = syscall.$container;
        const descriptions: AstNodeDescription[] = [];
        for (const routine of routinesOf(os)) descriptions.push(this.descriptions.createDescription(routine, routine.name));
        return new StreamScope(stream(descriptions));
    }

    /**
     * A VM names devices of the hardware its hypervisor runs on. One scope per hardware and
     * build, not descriptions of every device for every reference (two or more per VM).
     */
    private deviceScope(vm: Vm): Scope {
        const hardware = hardwareOfVm(vm);
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

/** A system's scope, where a name declared twice resolves to the declaration in the asking file. */
class OwnFileFirstScope implements Scope {
    constructor(private readonly scope: MultiMapScope, private readonly documentUri: string) {}

    getElement(name: string): AstNodeDescription | undefined {
        const all = this.scope.elements.get(name);
        if (all.length > 1) {
            for (const description of all) if (description.documentUri.toString() === this.documentUri) return description;
        }
        return all[0];
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return this.scope.getElements(name);
    }

    getAllElements(): Stream<AstNodeDescription> {
        return this.scope.getAllElements();
    }
}
