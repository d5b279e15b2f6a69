// Descriptions of named nodes (what the index and the scopes hold). Langium computes each
// description's `selectionSegment` (the node's whole range) eagerly, although only features
// like "go to symbol" ever read it; at 10,000 VMs that is tens of thousands of ranges per
// build, and the device scope creates descriptions for every VM that names a device. Here it
// is computed on first read, like `nameSegment` already is.
import { AstUtils, CstUtils, DefaultAstNodeDescriptionProvider, type AstNode, type AstNodeDescription, type DocumentSegment, type LangiumCoreServices, type LangiumDocument } from 'langium';

export class VmdefAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    constructor(services: LangiumCoreServices) {
        super(services);
    }

    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        name ??= this.nameProvider.getName(node);
        const path = this.astNodeLocator.getAstNodePath(node);
        if (!name) throw new Error(`Node at path ${path} has no name.`);
        const nameProvider = this.nameProvider;
        let nameSegment: DocumentSegment | undefined;
        let selectionSegment: DocumentSegment | undefined;
        return {
            node,
            name,
            get nameSegment() {
                return (nameSegment ??= CstUtils.toDocumentSegment(nameProvider.getNameNode(node) ?? node.$cstNode));
            },
            get selectionSegment() {
                return (selectionSegment ??= CstUtils.toDocumentSegment(node.$cstNode));
            },
            type: node.$type,
            documentUri: doc.uri,
            path,
        };
    }
}
