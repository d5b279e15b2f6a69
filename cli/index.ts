// The `vmdef` command line's bundle (out/cli-main.cjs), started by its launcher (cli/launcher.ts,
// out/cli.js), which loads it with V8's code cache.
import { failure, main } from './main.js';
import { useStdlibSnapshotBesideBundle } from '../language/stdlib-snapshot-file.js';

// The standard library is built from the build's parse snapshot, not parsed (language/stdlib-snapshot.ts).
useStdlibSnapshotBesideBundle();

/** Runs one command line and sets the process's exit code. */
export function start(argv: string[]): Promise<void> {
    return main(argv).then(
        (code) => {
            process.exitCode = code;
        },
        (e) => {
            process.exitCode = failure(e);
        },
    );
}
