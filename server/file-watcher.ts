// Watches the workspace folders for .vmdef files changed on disk, for clients that cannot watch
// them for the server (no dynamic registration of `workspace/didChangeWatchedFiles`, e.g.
// Neovim 0.7). Without it a file changed by another program — a `git checkout`, another editor,
// a generator — was never re-read, and the diagnostics of a split workspace went stale.
//
// Bounded: at most MAX_FOLDERS folders are watched (one non-recursive watcher each: recursive
// watching is not available on every platform, and Node emulates it on Linux by watching
// every folder anyway, node_modules included); the folders Langium's workspace scan skips are
// skipped; events are collected for DEBOUNCE_MS and at most MAX_PENDING paths are kept (past
// that, the whole workspace is re-read once).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'langium';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';

export const MAX_FOLDERS = 2000;
const DEBOUNCE_MS = 150;
const MAX_PENDING = 5000;
const EXTENSION = '.vmdef';

/** The folders Langium's workspace scan leaves out (DefaultWorkspaceManager.shouldIncludeEntry). */
function scanned(name: string): boolean {
    return !name.startsWith('.') && name !== 'node_modules' && name !== 'out';
}

export class WorkspaceWatcher {
    private readonly watchers = new Map<string, fs.FSWatcher>();
    private readonly roots: string[] = [];
    private readonly pending = new Set<string>();
    private overflow = false;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private warned = false;

    constructor(
        private readonly onChanges: (changes: FileEvent[]) => void,
        private readonly log: (message: string) => void,
    ) {}

    watch(root: string): void {
        this.roots.push(root);
        this.watchTree(root);
    }

    dispose(): void {
        clearTimeout(this.timer);
        for (const watcher of this.watchers.values()) watcher.close();
        this.watchers.clear();
    }

    /** Watches `folder` and the folders below it, breadth first, up to the limit. */
    private watchTree(folder: string): void {
        const queue = [folder];
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
            if (this.watchers.size >= MAX_FOLDERS) {
                if (!this.warned) this.log(`watching the first ${MAX_FOLDERS} folders of the workspace only: changes on disk below ${next} are not seen`);
                this.warned = true;
                return;
            }
            if (this.watchers.has(next) || !this.watchFolder(next)) continue;
            for (const entry of readFolder(next)) {
                if (entry.isDirectory() && scanned(entry.name)) queue.push(path.join(next, entry.name));
            }
        }
    }

    private watchFolder(folder: string): boolean {
        try {
            // not persistent: the watchers never keep the server alive after `exit`
            const watcher = fs.watch(folder, { persistent: false }, (_event, name) => this.noticed(folder, name));
            watcher.on('error', () => this.unwatch(folder));
            this.watchers.set(folder, watcher);
            return true;
        } catch {
            return false; // gone already, or not readable
        }
    }

    private unwatch(folder: string): void {
        for (const [watched, watcher] of this.watchers) {
            if (watched === folder || watched.startsWith(folder + path.sep)) {
                watcher.close();
                this.watchers.delete(watched);
            }
        }
    }

    private noticed(folder: string, name: string | Buffer | null): void {
        // Without a name (some platforms) the folder itself is looked at again.
        const changed = name ? path.join(folder, name.toString()) : folder;
        if (name && !changed.endsWith(EXTENSION) && !this.watchers.has(changed) && !isFolder(changed)) return;
        if (this.pending.size >= MAX_PENDING) this.overflow = true;
        else this.pending.add(changed);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
    }

    private flush(): void {
        const paths = this.overflow ? this.roots : [...this.pending];
        this.pending.clear();
        this.overflow = false;
        const changes: FileEvent[] = [];
        for (const changed of paths) {
            const stat = statOf(changed);
            if (stat?.isDirectory()) this.watchTree(changed);
            else if (!stat && this.watchers.has(changed)) this.unwatch(changed);
            if (stat && !stat.isDirectory() && !changed.endsWith(EXTENSION)) continue;
            changes.push({ uri: URI.file(changed).toString(), type: stat ? FileChangeType.Changed : FileChangeType.Deleted });
        }
        if (changes.length > 0) this.onChanges(changes);
    }
}

function readFolder(folder: string): fs.Dirent[] {
    try {
        return fs.readdirSync(folder, { withFileTypes: true });
    } catch {
        return [];
    }
}

function statOf(file: string): fs.Stats | undefined {
    try {
        return fs.statSync(file);
    } catch {
        return undefined;
    }
}

function isFolder(file: string): boolean {
    return statOf(file)?.isDirectory() ?? false;
}
