// The file watcher's events, as Langium's document update handler should see them. One batch can
// name a file twice — saved, then deleted, as a test or a `git checkout` does in quick succession —
// and Langium reads such a batch as "deleted, and changed": it drops the document and loads it
// again (from the editor if one still has it open), so a deleted file came back with its
// diagnostics. Only a file's last event counts.
import type { DidChangeWatchedFilesParams, FileEvent } from 'vscode-languageserver';

export function lastEventPerFile(changes: readonly FileEvent[]): FileEvent[] {
    const last = new Map<string, FileEvent>();
    for (const change of changes) {
        last.delete(change.uri);
        last.set(change.uri, change);
    }
    return [...last.values()];
}

interface UpdateHandler {
    didChangeWatchedFiles?(params: DidChangeWatchedFilesParams): void;
}

/** Makes `handler` see only each file's last event of a batch. */
export function collapseFileEvents(handler: UpdateHandler): void {
    const original = handler.didChangeWatchedFiles?.bind(handler);
    if (!original) return;
    handler.didChangeWatchedFiles = (params) => original({ ...params, changes: lastEventPerFile(params.changes) });
}
