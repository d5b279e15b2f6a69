// Writes the code cache of the command line's bundle (cli/code-cache.ts): the build
// (scripts/bundle.mjs) bundles and runs it after the bundles. It runs the commands a user starts
// with — `check` of every bundled example, `run` of the README's — so that what they compile is
// in the cache; a function they never call is compiled at its first call, as without a cache.
//   node code-cache-writer.mjs BUNDLE EXAMPLES_DIR
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBundle, writeCodeCache } from './code-cache.js';

const [bundle, examples] = process.argv.slice(2);
const files = fs.readdirSync(examples).filter((f) => f.endsWith('.vmdef')).sort().map((f) => path.join(examples, f));
const loaded = loadBundle(bundle);
const cli = loaded.exports as { start(argv: string[]): Promise<void> };
// The commands' output is not the point: stdout goes nowhere (the build runs this with stdout ignored).
await cli.start(['--lang', 'en', 'check', ...files]);
await cli.start(['--lang', 'en', 'run', path.join(examples, 'hello-type1.vmdef')]);
// (nor their exit codes: some examples hold errors on purpose)
process.exitCode = 0;
if (!writeCodeCache(loaded)) process.stderr.write(`no code cache for the command line: Node ${process.version} has no zlib.crc32 (20.15 and later have)\n`);
