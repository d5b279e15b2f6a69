// Semantic highlighting for what the TextMate grammar cannot know: whether a bare operand name
// is a parameter of the syscall/handler it is in or a device of the hardware running the code
// (or nothing at all), and which names are calls into another layer. Opcodes keep the TextMate
// colours (privileged / sensitive / data instructions).
import { type AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type LangiumServices, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import {
    isDevice, isHandler, isHwCommand, isHypercallCall, isNameRef, isParam, isRegister, isSyscallCall, isSyscallDecl,
} from '../generated/ast.js';
import { workspaceModel } from '../code-context.js';
import { contextualTargets } from './definition.js';

export class VmdefSemanticTokenProvider extends AbstractSemanticTokenProvider {
    private readonly shared: LangiumServices['shared'];

    constructor(services: LangiumServices) {
        super(services);
        this.shared = services.shared;
    }

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (isNameRef(node) && node.$cstNode) {
            const targets = contextualTargets(node.$cstNode, workspaceModel(this.shared)) ?? [];
            if (targets.some(isParam)) acceptor({ node, property: 'name', type: SemanticTokenTypes.parameter });
            else if (targets.some(isDevice)) acceptor({ node, property: 'name', type: SemanticTokenTypes.property, modifier: SemanticTokenModifiers.readonly });
        } else if (isParam(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.parameter, modifier: SemanticTokenModifiers.declaration });
        } else if (isDevice(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.property, modifier: [SemanticTokenModifiers.declaration, SemanticTokenModifiers.readonly] });
        } else if (isSyscallCall(node) || isHypercallCall(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function });
        } else if (isHwCommand(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: SemanticTokenModifiers.defaultLibrary });
        } else if (isSyscallDecl(node) || isHandler(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: SemanticTokenModifiers.declaration });
        } else if (isRegister(node)) {
            acceptor({ node, property: 'reg', type: SemanticTokenTypes.variable });
        }
    }
}
