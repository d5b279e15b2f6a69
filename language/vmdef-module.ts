// Wires the services of the vmdef language, as Langium's example languages do.
import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices,
} from 'langium/lsp';
import { VmdefGeneratedModule, VmdefGeneratedSharedModule } from './generated/module.js';
import { VmdefScopeComputation, VmdefScopeProvider } from './vmdef-scope.js';
import { VmdefValidator, registerValidationChecks } from './vmdef-validator.js';
import { registerMemoryOperandChecks } from './validation/memory-operands.js';
import { VmdefWorkspaceManager } from './stdlib.js';
import { VmdefDocumentValidator } from './document-validator.js';
import { VmdefCodeActionProvider } from './code-actions.js';
import { VmdefPerformanceModule, VmdefPerformanceSharedModule } from './perf/module.js';
import { VmdefHoverProvider } from './lsp/hover.js';
import { VmdefInlayHintProvider } from './lsp/inlay-hints.js';
import { VmdefCompletionProvider } from './lsp/completion.js';
import { VmdefDefinitionProvider } from './lsp/definition.js';
import { VmdefReferencesProvider } from './lsp/references.js';
import { VmdefDocumentSymbolProvider } from './lsp/document-symbols.js';
import { VmdefFormatter } from './lsp/formatter.js';
import { VmdefSemanticTokenProvider } from './lsp/semantic-tokens.js';
import { VmdefTokenBuilder } from './syntax/token-builder.js';
import { VmdefLexerErrorMessageProvider, VmdefParserErrorMessageProvider } from './syntax/error-messages.js';
import { VmdefDocumentUpdateHandler } from './lsp/document-update-handler.js';
import { VmdefServiceRegistry } from './service-registry.js';
import { VmdefConfigurationProvider } from './lsp/configuration.js';

export type VmdefAddedServices = {
    validation: {
        VmdefValidator: VmdefValidator;
    };
};

export type VmdefServices = LangiumServices & VmdefAddedServices;

export const VmdefModule: Module<VmdefServices, PartialLangiumServices & VmdefAddedServices> = {
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
    lsp: {
        CodeActionProvider: (services) => new VmdefCodeActionProvider(services),
        HoverProvider: (services) => new VmdefHoverProvider(services),
        InlayHintProvider: () => new VmdefInlayHintProvider(),
        CompletionProvider: (services) => new VmdefCompletionProvider(services),
        DefinitionProvider: (services) => new VmdefDefinitionProvider(services),
        ReferencesProvider: (services) => new VmdefReferencesProvider(services),
        DocumentSymbolProvider: () => new VmdefDocumentSymbolProvider(),
        Formatter: () => new VmdefFormatter(),
        SemanticTokenProvider: (services) => new VmdefSemanticTokenProvider(services),
    },
};

export const VmdefSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    ServiceRegistry: (services) => new VmdefServiceRegistry(services),
    workspace: {
        WorkspaceManager: (services) => new VmdefWorkspaceManager(services),
        ConfigurationProvider: (services) => new VmdefConfigurationProvider(services, (message) => services.lsp.Connection?.console.warn(message)),
    },
    lsp: {
        DocumentUpdateHandler: (services) => new VmdefDocumentUpdateHandler(services),
    },
};

export function createVmdefServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Vmdef: VmdefServices;
} {
    const shared = inject(createDefaultSharedModule(context), VmdefGeneratedSharedModule, VmdefPerformanceSharedModule, VmdefSharedModule);
    const Vmdef = inject(createDefaultModule({ shared }), VmdefGeneratedModule, VmdefPerformanceModule, VmdefModule);
    shared.ServiceRegistry.register(Vmdef);
    registerValidationChecks(Vmdef);
    registerMemoryOperandChecks(Vmdef);
    if (!context.connection) {
        // No language server: the workspace is whatever the caller builds, so no startup wait.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Vmdef };
}
