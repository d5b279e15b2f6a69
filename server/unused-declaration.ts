// On-save check `unused-declaration` [hint, Unnecessary]: a program no VM runs, an OS no VM or
// Type 2 host uses, a device no VM names. Uses may sit in any file of the workspace, so the
// check looks at every document — too much work for each keystroke, right for a save.
import { GrammarUtils, interruptAndCheck, type AstNode, type LangiumDocument, type Reference } from 'langium';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { isHardware, isHypervisor, isOs, isProgram, isVm, type Model } from '../language/generated/ast.js';
import type { OnSaveCheck } from './on-save.js';
import { onSaveMessages as m } from './messages.js';

export const unusedDeclarationCheck: OnSaveCheck = {
    name: 'unused-declaration',
    async run(document, services, token) {
        const used = new Set<AstNode>();
        const use = (ref: Reference | undefined) => {
            const target = ref?.ref;
            if (target) used.add(target);
        };
        for (const other of services.shared.workspace.LangiumDocuments.all) {
            await interruptAndCheck(token);
            for (const element of elementsOf(other)) {
                if (isVm(element)) {
                    use(element.os);
                    element.runs.forEach((run) => use(run.program));
                    element.devices.forEach(use);
                    element.virtio.forEach(use);
                    element.passthrough.forEach(use);
                } else if (isHypervisor(element)) {
                    use(element.host?.os);
                }
            }
        }
        const diagnostics: Diagnostic[] = [];
        const report = (node: AstNode & { name: string }, message: string) => {
            const range = GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.range;
            if (!range) return; // a declaration without a name (syntax error) has nothing to point at
            diagnostics.push({
                range, message, severity: DiagnosticSeverity.Hint, tags: [DiagnosticTag.Unnecessary],
                code: 'unused-declaration', source: 'vmdef',
            });
        };
        for (const element of elementsOf(document)) {
            if (isProgram(element) && !used.has(element)) report(element, m.programNotRun(element.name));
            else if (isOs(element) && !used.has(element)) report(element, m.osNotUsed(element.name));
            else if (isHardware(element)) {
                for (const device of element.devices) {
                    if (!used.has(device)) report(device, m.deviceNotNamed(device.name, element.name));
                }
            }
        }
        return diagnostics;
    },
};

function elementsOf(document: LangiumDocument): AstNode[] {
    return (document.parseResult?.value as Model | undefined)?.elements ?? [];
}

