// Wires the services of the vmdef language, as Langium's example languages do: here the
// language itself (parsing, scoping, linking, validation), which the command line, the
// debugger and the simulator use; the editor features on top are language/lsp/lsp-module.ts.
import {
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices, type Module,
    type PartialLangiumCoreServices, type PartialLangiumSharedCoreServices,
} from 'langium';
import { VmdefGeneratedModule, VmdefGeneratedSharedModule } from './generated/module.js';
import { VmdefScopeComputation, VmdefScopeProvider } from './vmdef-scope.js';
import { VmdefValidator, registerValidationChecks } from './vmdef-validator.js';
import { registerMemoryOperandChecks } from './validation/memory-operands.js';
import { VmdefWorkspaceManager } from './stdlib.js';
import { VmdefDocumentValidator } from './document-validator.js';
import { VmdefPerformanceModule, VmdefPerformanceSharedModule } from './perf/module.js';
import { VmdefTokenBuilder } from './syntax/token-builder.js';
import { VmdefLexerErrorMessageProvider, VmdefParserErrorMessageProvider } from './syntax/error-messages.js';
import { VmdefServiceRegistry } from './service-registry.js';

export type VmdefAddedServices = {
    validation: {
        VmdefValidator: VmdefValidator;
    };
};

export type VmdefServices = LangiumCoreServices & VmdefAddedServices;

export const VmdefModule: Module<VmdefServices, PartialLangiumCoreServices & VmdefAddedServices> = {
    parser: {
        TokenBuilder: () => new VmdefTokenBuilder(),
        ParserErrorMessageProvider: (services) => new VmdefParserErrorMessageProvider(services.Grammar),
        LexerErrorMessageProvider: () => new VmdefLexerErrorMessageProvider(),
    },
    references: {
        ScopeComputation: (services) => new VmdefScopeComputation(services),
        ScopeProvider: (services) => new VmdefScopeProvider(services),
    },
    validation: {
        DocumentValidator: (services) => new VmdefDocumentValidator(services),
        VmdefValidator: (services) => new VmdefValidator(services),
    },
};

export const VmdefSharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    ServiceRegistry: (services) => new VmdefServiceRegistry(services),
    workspace: {
        WorkspaceManager: (services) => new VmdefWorkspaceManager(services),
    },
};

/** Registers the language with its shared services and its checks with the validator (both kinds of services). */
export function registerVmdef(shared: LangiumSharedCoreServices, Vmdef: VmdefServices): void {
    shared.ServiceRegistry.register(Vmdef);
    registerValidationChecks(Vmdef);
    registerMemoryOperandChecks(Vmdef);
}

/** The language without an editor: the workspace is whatever the caller builds. */
export function createVmdefServices(context: DefaultSharedCoreModuleContext): {
    shared: LangiumSharedCoreServices;
    Vmdef: VmdefServices;
} {
    const shared = inject(createDefaultSharedCoreModule(context), VmdefGeneratedSharedModule, VmdefPerformanceSharedModule, VmdefSharedModule);
    const Vmdef = inject(createDefaultCoreModule({ shared }), VmdefGeneratedModule, VmdefPerformanceModule, VmdefModule);
    registerVmdef(shared, Vmdef);
    // No language server: no settings to wait for.
    shared.workspace.ConfigurationProvider.initialized({});
    return { shared, Vmdef };
}
