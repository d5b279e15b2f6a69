// Entry point of the bundled `vmdef` command (out/cli.js): loads the command line's bundle
// beside it with the code cache the build wrote (cli/code-cache.ts) and runs it.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';

// `vmdef run --trace FILE | head`: a closed pipe ends the command quietly, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
});

const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli-main.cjs');
const cli = loadBundle(bundle).exports as { start(argv: string[]): Promise<void> };
void cli.start(process.argv.slice(2));
