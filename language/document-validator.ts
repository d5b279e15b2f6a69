// Gives every diagnostic Langium makes itself (lexing, parsing, linking) a stable code, as
// LANGUAGE.md §7 promises for all diagnostics: `syntax-error`, `undefined-label`,
// `unresolved-reference`.
import { DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { AstNode, ParseResult } from 'langium';
import { isVm } from './generated/ast.js';

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
        // The base class adds one diagnostic per failed reference, in document.references order.
        const failed = document.references.filter((ref) => ref.error);
        for (let i = start; i < diagnostics.length; i++) {
            const data = diagnostics[i].data as { containerType?: string; property?: string; refText?: string } | undefined;
            const isLabel = data?.containerType === 'Jump';
            // `devices` / `passthrough` are scoped to the VM's hardware: a miss is an unknown device.
            const isDevice = data?.containerType === 'Vm' && (data.property === 'devices' || data.property === 'passthrough');
            diagnostics[i].code = isLabel ? 'undefined-label' : isDevice ? 'unknown-device' : 'unresolved-reference';
            if (isLabel) diagnostics[i].message = `undefined label '${data?.refText}'`;
            if (isDevice) diagnostics[i].message = unknownDeviceMessage(data?.refText, failed[i - start]?.error?.info.container);
        }
    }
}

function unknownDeviceMessage(name: string | undefined, container: AstNode | undefined): string {
    const hypervisor = isVm(container) ? container.hypervisor?.ref : undefined;
    const hardware = hypervisor?.hardware?.ref;
    if (!hardware) return `unknown device '${name}': the VM's hypervisor or its hardware is not known, so it has no devices`;
    const devices = hardware.devices.map((d) => d.name).join(', ') || 'no devices';
    return `unknown device '${name}': hardware '${hardware.name}' (of hypervisor '${hypervisor!.name}') has ${devices}`;
}
