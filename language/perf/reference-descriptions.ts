// Indexing a document's references (the "index references" build phase, used by find
// references and by the document builder to see who is affected by an edit). Langium walks the
// whole syntax tree with one stream per node to find the references again, although linking
// has just collected every one of them in `document.references`; at 10,000 VMs that walk cost
// about as much as linking itself. The same descriptions are built from that list instead.
import {
    Cancellation, DefaultReferenceDescriptionProvider, DocumentState, interruptAndCheck,
    type LangiumDocument, type LangiumCoreServices, type ReferenceDescription, type ReferenceInfo,
} from 'langium';

export class VmdefReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    constructor(services: LangiumCoreServices) {
        super(services);
    }

    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        // Before linking the list is incomplete: keep Langium's walk (it resolves lazily).
        if (document.state < DocumentState.Linked) return super.createDescriptions(document, cancelToken);
        await interruptAndCheck(cancelToken);
        const descriptions: ReferenceDescription[] = [];
        for (const reference of document.references) {
            if (reference.error || !reference.$refNode) continue;
            // The node holding the reference: the syntax node of the name belongs to it.
            const info: ReferenceInfo = { reference, container: reference.$refNode.astNode, property: '' };
            for (const description of this.createInfoDescriptions(info)) descriptions.push(description);
        }
        // In the order of Langium's walk: document order.
        return descriptions.sort((a, b) => a.segment.offset - b.segment.offset);
    }
}
