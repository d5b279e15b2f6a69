// Which language serves a document. Langium's registry goes by the open document's languageId,
// else by the file extension — so a document opened as vmdef under another name (`untitled:`
// buffers, a `notes.txt` the user switched to vmdef) had no services once it was closed, and
// the next build threw "no services for the extension ''" and took the server down (issue 10).
// vmdef is the only language here: a document that is in the workspace is a vmdef document,
// whatever its name. Files on disk are still picked up by extension only (workspace scan).
import { DefaultServiceRegistry, type LangiumCoreServices, type LangiumSharedCoreServices, type URI } from 'langium';

export class VmdefServiceRegistry extends DefaultServiceRegistry {
    constructor(private readonly shared: LangiumSharedCoreServices) {
        super(shared);
    }

    override getServices(uri: URI): LangiumCoreServices {
        try {
            return super.getServices(uri);
        } catch (error) {
            const only = this.all.length === 1 ? this.all[0] : undefined;
            if (only && this.shared.workspace.LangiumDocuments.hasDocument(uri)) return only;
            throw error;
        }
    }
}
