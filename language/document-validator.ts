// Gives every diagnostic Langium makes itself (lexing, parsing, linking) a stable code, as
// LANGUAGE.md §7 promises for all diagnostics: `syntax-error`, `undefined-label`,
// `unresolved-reference`.
import { DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParseResult } from 'langium';

export class VmdefDocumentValidator extends DefaultDocumentValidator {
    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const start = diagnostics.length;
        super.processLexingErrors(parseResult, diagnostics, options);
        for (let i = start; i < diagnostics.length; i++) diagnostics[i].code = 'syntax-error';
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const start = diagnostics.length;
        super.processParsingErrors(parseResult, diagnostics, options);
        for (let i = start; i < diagnostics.length; i++) diagnostics[i].code = 'syntax-error';
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const start = diagnostics.length;
        super.processLinkingErrors(document, diagnostics, options);
        for (let i = start; i < diagnostics.length; i++) {
            const data = diagnostics[i].data as { containerType?: string; property?: string; refText?: string } | undefined;
            const isLabel = data?.containerType === 'Jump';
            // `devices` / `passthrough` are scoped to the VM's hardware: a miss is an unknown device.
            const isDevice = data?.containerType === 'Vm' && (data.property === 'devices' || data.property === 'passthrough');
            diagnostics[i].code = isLabel ? 'undefined-label' : isDevice ? 'unknown-device' : 'unresolved-reference';
            if (isLabel) diagnostics[i].message = `undefined label '${data?.refText}'`;
            if (isDevice) diagnostics[i].message = `unknown device '${data?.refText}': the VM's host hardware declares no such device`;
        }
    }
}
