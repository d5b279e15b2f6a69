// Names that are local to a container must be unique there (LANGUAGE.md §2): devices in their
// hardware, labels in their program / syscall / handler, parameters in their syscall or handler,
// syscalls in their OS, handlers in their monitor, cost entries in their preset. One pass over
// the document's elements.
import type { AstNode, ValidationAcceptor } from 'langium';
import { isCostPreset, isHardware, isLabel, isMonitor, isOs, isProfile, isProgram, type Model, type Statement } from '../generated/ast.js';
import { validationMessages as m } from './messages.js';

type Named = AstNode & { name: string };

function reportDuplicates(items: readonly Named[], what: string, where: string, accept: ValidationAcceptor): void {
    if (items.length < 2) return;
    const seen = new Set<string>();
    for (const item of items) {
        if (item.name === undefined) continue; // a syntax error where the name should be: reported as such
        if (seen.has(item.name)) {
            accept('error', m.duplicateLocal(what, item.name, where), { node: item, property: 'name', code: 'duplicate-name' });
        }
        seen.add(item.name);
    }
}

function labels(body: Statement[]): Named[] {
    return body.filter(isLabel);
}

export function checkLocalNames(model: Model, accept: ValidationAcceptor): void {
    for (let i = 0; i < model.elements.length; i++) {
        const element = model.elements[i];
        if (isHardware(element)) reportDuplicates(element.devices, m.device(), m.inHardware(element.name), accept);
        else if (isProgram(element)) reportDuplicates(labels(element.body), m.label(), m.inProgram(element.name), accept);
        else if (isOs(element)) {
            reportDuplicates(element.syscalls, m.syscall(), m.inOs(element.name), accept);
            reportDuplicates(element.drivers, m.driver(), m.inOs(element.name), accept);
            reportDuplicates(element.routines, m.routine(), m.inOs(element.name), accept);
            for (const decl of [...element.syscalls, ...element.routines, ...element.drivers]) {
                reportDuplicates(decl.params, m.parameter(), m.inCode(decl.name), accept);
                reportDuplicates(labels(decl.body), m.label(), m.inCode(decl.name), accept);
            }
        } else if (isMonitor(element) || isProfile(element)) {
            const handlers = isProfile(element) ? element.hypercalls : element.handlers;
            reportDuplicates(handlers, m.handler(), isProfile(element) ? m.inCode(element.name) : m.inMonitor(element.technique), accept);
            for (const handler of handlers) {
                reportDuplicates(handler.params, m.parameter(), m.inCode(handler.name), accept);
                reportDuplicates(labels(handler.body), m.label(), m.inCode(handler.name), accept);
            }
        } else if (isCostPreset(element)) reportDuplicates(element.entries, m.costEntry(), m.inCosts(element.name), accept);
    }
}
