// Names that are local to a container must be unique there (LANGUAGE.md §2): devices in their
// hardware, labels in their program / syscall / handler, parameters in their syscall or handler,
// syscalls in their OS, handlers in their monitor, cost entries in their preset. One pass over
// the document's elements.
import type { AstNode, ValidationAcceptor } from 'langium';
import { isCostPreset, isHardware, isLabel, isMonitor, isOs, isProgram, type Model, type Statement } from '../generated/ast.js';

type Named = AstNode & { name: string };

function reportDuplicates(items: readonly Named[], what: string, where: string, accept: ValidationAcceptor): void {
    const seen = new Set<string>();
    for (const item of items) {
        if (item.name === undefined) continue; // a syntax error where the name should be: reported as such
        if (seen.has(item.name)) {
            accept('error', `duplicate ${what} '${item.name}' in ${where}`, { node: item, property: 'name', code: 'duplicate-name' });
        }
        seen.add(item.name);
    }
}

function labels(body: Statement[]): Named[] {
    return body.filter(isLabel);
}

export function checkLocalNames(model: Model, accept: ValidationAcceptor): void {
    for (const element of model.elements) {
        if (isHardware(element)) reportDuplicates(element.devices, 'device', `hardware '${element.name}'`, accept);
        else if (isProgram(element)) reportDuplicates(labels(element.body), 'label', `program '${element.name}'`, accept);
        else if (isOs(element)) {
            reportDuplicates(element.syscalls, 'syscall', `OS '${element.name}'`, accept);
            reportDuplicates(element.drivers, 'driver', `OS '${element.name}'`, accept);
            for (const decl of [...element.syscalls, ...element.drivers]) {
                reportDuplicates(decl.params, 'parameter', `'${decl.name}'`, accept);
                reportDuplicates(labels(decl.body), 'label', `'${decl.name}'`, accept);
            }
        } else if (isMonitor(element)) {
            reportDuplicates(element.handlers, 'handler', `monitor ${element.technique}`, accept);
            for (const handler of element.handlers) {
                reportDuplicates(handler.params, 'parameter', `'${handler.name}'`, accept);
                reportDuplicates(labels(handler.body), 'label', `'${handler.name}'`, accept);
            }
        } else if (isCostPreset(element)) reportDuplicates(element.entries, 'cost entry', `costs '${element.name}'`, accept);
    }
}
