// Performance overrides of Langium's defaults, wired in language/vmdef-module.ts. Each one is
// explained where it is defined; together with the scope computation in vmdef-scope.ts they
// keep a full check linear in the size of the workspace (DESIGN.md, "Performance facts").
import type { Module } from 'langium';
import type { LangiumServices, LangiumSharedServices, PartialLangiumServices, PartialLangiumSharedServices } from 'langium/lsp';
import { createVmdefParser } from './cst-node-builder.js';
import { VmdefDocumentBuilder } from './document-builder.js';
import { VmdefDocumentFactory } from './incremental-parse.js';
import { VmdefReferenceDescriptionProvider } from './reference-descriptions.js';
import { VmdefAstNodeDescriptionProvider } from './node-descriptions.js';
import { VmdefValidationRegistry } from './validation-registry.js';

export const VmdefPerformanceModule: Module<LangiumServices, PartialLangiumServices> = {
    parser: {
        LangiumParser: (services) => createVmdefParser(services),
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new VmdefReferenceDescriptionProvider(services),
        AstNodeDescriptionProvider: (services) => new VmdefAstNodeDescriptionProvider(services),
    },
    validation: {
        ValidationRegistry: (services) => new VmdefValidationRegistry(services),
    },
};

export const VmdefPerformanceSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: (services) => new VmdefDocumentBuilder(services),
        LangiumDocumentFactory: (services) => new VmdefDocumentFactory(services),
    },
};
