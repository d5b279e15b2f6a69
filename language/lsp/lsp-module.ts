// The editor features of the vmdef language (the language server's): Langium's LSP services
// with ours on top, over the language of language/vmdef-module.ts. Only the language servers
// (server/, the playground's worker) build these; the command line and the debugger do not
// carry them.
import { EmptyFileSystem, inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices,
} from 'langium/lsp';
import { VmdefGeneratedModule, VmdefGeneratedSharedModule } from '../generated/module.js';
import { VmdefModule, VmdefSharedModule, registerVmdef, type VmdefAddedServices } from '../vmdef-module.js';
import { VmdefPerformanceModule, VmdefPerformanceSharedModule } from '../perf/module.js';
import { lazyCompletionParser } from '../perf/completion-parser.js';
import { VmdefCodeActionProvider } from '../code-actions.js';
import { VmdefHoverProvider } from './hover.js';
import { VmdefInlayHintProvider } from './inlay-hints.js';
import { VmdefCompletionProvider } from './completion.js';
import { VmdefDefinitionProvider } from './definition.js';
import { VmdefReferencesProvider } from './references.js';
import { VmdefDocumentSymbolProvider } from './document-symbols.js';
import { VmdefFormatter } from './formatter.js';
import { VmdefSemanticTokenProvider } from './semantic-tokens.js';
import { VmdefDocumentUpdateHandler } from './document-update-handler.js';
import { VmdefConfigurationProvider } from './configuration.js';

export type VmdefLspServices = LangiumServices & VmdefAddedServices;

export const VmdefLspModule: Module<VmdefLspServices, PartialLangiumServices> = {
    parser: {
        CompletionParser: (services) => lazyCompletionParser(services),
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

export const VmdefLspSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        ConfigurationProvider: (services) => new VmdefConfigurationProvider(services, (message) => services.lsp.Connection?.console.warn(message)),
    },
    lsp: {
        DocumentUpdateHandler: (services) => new VmdefDocumentUpdateHandler(services),
    },
};

/** The language with its editor features; with a `connection`, a language server's. */
export function createVmdefLspServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Vmdef: VmdefLspServices;
} {
    const shared = inject(createDefaultSharedModule(context), VmdefGeneratedSharedModule, VmdefPerformanceSharedModule, VmdefSharedModule, VmdefLspSharedModule);
    const Vmdef = inject(createDefaultModule({ shared }), VmdefGeneratedModule, VmdefPerformanceModule, VmdefModule, VmdefLspModule);
    registerVmdef(shared, Vmdef);
    if (!context.connection) {
        // No language server: the workspace is whatever the caller builds, so no startup wait.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Vmdef };
}

/** The language's services with the editor features and no language server (tests, benchmarks). */
export function createLspServices(): VmdefLspServices {
    return createVmdefLspServices(EmptyFileSystem).Vmdef;
}
