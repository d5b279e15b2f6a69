// Performance overrides of Langium's defaults, wired in language/vmdef-module.ts. Each one is
// explained where it is defined; together with the scope computation in vmdef-scope.ts they
// keep a full check linear in the size of the workspace (DESIGN.md, "Performance facts").
import type { Module } from 'langium';
import type { LangiumCoreServices, LangiumSharedCoreServices, PartialLangiumCoreServices, PartialLangiumSharedCoreServices } from 'langium';
import { createVmdefParser } from './cst-node-builder.js';
import { VmdefDocumentBuilder } from './document-builder.js';
import { VmdefDocumentFactory } from './incremental-parse.js';
import { VmdefReferenceDescriptionProvider } from './reference-descriptions.js';
import { VmdefAstNodeDescriptionProvider } from './node-descriptions.js';
import { VmdefValidationRegistry } from './validation-registry.js';
import { VmdefLanguageMetaData } from '../generated/module.js';
import { VmdefLinker } from './linker.js';
import { installFastSubtypes } from './reflection.js';

installFastSubtypes();

/**
 * In 'development' mode Chevrotain re-validates the whole grammar every time a lexer and parser
 * are built, i.e. at every start of the CLI and the server (≈ 100–200 ms here). The grammar is
 * checked by `langium generate` and by the tests, which keep that mode (vitest sets VITEST).
 */
const mode = typeof process !== 'undefined' && process.env?.VITEST ? 'development' : 'production';

export const VmdefPerformanceModule: Module<LangiumCoreServices, PartialLangiumCoreServices> = {
    LanguageMetaData: () => ({ ...VmdefLanguageMetaData, mode }),
    parser: {
        LangiumParser: (services) => createVmdefParser(services),
    },
    references: {
        Linker: (services) => new VmdefLinker(services),
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new VmdefReferenceDescriptionProvider(services),
        AstNodeDescriptionProvider: (services) => new VmdefAstNodeDescriptionProvider(services),
    },
    validation: {
        ValidationRegistry: (services) => new VmdefValidationRegistry(services),
    },
};

export const VmdefPerformanceSharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    workspace: {
        DocumentBuilder: (services) => new VmdefDocumentBuilder(services),
        LangiumDocumentFactory: (services) => new VmdefDocumentFactory(services),
    },
};
