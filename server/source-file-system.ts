// The language server's file system: Langium's Node provider, except that every source it reads
// from disk (the folder's .vmdef files at start-up, a file changed on disk and not open) goes
// through io/source-files.ts — size cap, regular text files only, never blocking on a FIFO.
// A refused file is loaded as empty text and the reason is logged (the server's output
// channel): one unusable file must not stop the workspace from loading.
import type { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { readSourceFile, SourceReadError } from '../io/source-files.js';

export class SourceFileSystemProvider extends NodeFileSystemProvider {
    constructor(private readonly log: (message: string) => void = (message) => console.error(message)) {
        super();
    }

    override readFile(uri: URI): Promise<string> {
        return Promise.resolve().then(() => this.readFileSync(uri));
    }

    override readFileSync(uri: URI): string {
        try {
            return readSourceFile(uri.fsPath);
        } catch (e) {
            if (!(e instanceof SourceReadError)) throw e;
            this.log(`vmdef: left out ${e.message}`);
            return '';
        }
    }
}

export const SourceFileSystem = {
    fileSystemProvider: () => new SourceFileSystemProvider(),
};
