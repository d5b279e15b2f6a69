// An instruction's statement as the user wrote it (`popf`, `out com1, r1`), for the divergence report: the
// text of its statement from the document of the program or OS it is in.
// (simulator/cpu/instruction-text.ts renders a compiled instruction instead: the Disassembly view's text.)
import { AstUtils, type AstNode } from 'langium';
import { opName } from '../cpu/opcodes.js';
import type { Instr } from '../cpu/code.js';
import type { VmModel } from '../model.js';

/** The source lines of the files a VM's guest code is in, by path. */
export function guestSources(vm: VmModel): Map<string, string[]> {
    const sources = new Map<string, string[]>();
    const add = (node: AstNode | undefined): void => {
        if (!node) return;
        try {
            const doc = AstUtils.getDocument(node);
            if (!sources.has(doc.uri.fsPath)) sources.set(doc.uri.fsPath, doc.textDocument.getText().split(/\r?\n/));
        } catch {
            // a hand-built AST without a document: the opcode's name will do
        }
    };
    for (const program of vm.programs) add(program);
    add(vm.os);
    return sources;
}

/** The statement at the instruction's location, without its comment; its opcode if the text is not at hand. */
export function statementText(ins: Instr, sources: Map<string, string[]>): string {
    const line = sources.get(ins.loc.file)?.[ins.loc.line - 1];
    const text = line?.slice(ins.loc.column - 1).replace(/\/\/.*$/, '').trim();
    return text || opName(ins.op);
}
