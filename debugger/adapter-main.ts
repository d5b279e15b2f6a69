// The stand-alone debug adapter (out/debug-adapter.js): the DAP session over stdio, for tests
// and editors other than VS Code (which runs the same session inline, see extension/debug.ts).
import { DebugSession } from '@vscode/debugadapter';
import { readLaunchFile } from './read-source.js';
import { VmdefDebugSession } from './session.js';
import { useStdlibSnapshotBesideBundle } from '../language/stdlib-snapshot-file.js';

// The standard library is built from the build's parse snapshot, not parsed (language/stdlib-snapshot.ts).
useStdlibSnapshotBesideBundle();

// a bug must never leave the client waiting on a silent process: say what happened on stderr
process.on('uncaughtException', (e) => process.stderr.write(`vmdef debug adapter: ${e?.stack ?? e}\n`));
process.on('unhandledRejection', (e) => process.stderr.write(`vmdef debug adapter: ${(e as Error)?.stack ?? e}\n`));

/** The session as DebugSession.run constructs it: reading launched files as every source is read (io/source-files.ts). */
class StandaloneSession extends VmdefDebugSession {
    constructor() {
        super(readLaunchFile);
    }
}

DebugSession.run(StandaloneSession as unknown as typeof DebugSession);
