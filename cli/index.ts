// Entry point of the bundled `vmdef` command.
import { failure, main } from './main.js';
import { useStdlibSnapshotBesideBundle } from '../language/stdlib-snapshot-file.js';

// The standard library is built from the build's parse snapshot, not parsed (language/stdlib-snapshot.ts).
useStdlibSnapshotBesideBundle();

// `vmdef run --trace FILE | head`: a closed pipe ends the command quietly, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
});

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (e) => {
        process.exitCode = failure(e);
    },
);
