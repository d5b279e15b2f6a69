// Writes the standard library's parse snapshot (language/perf/parse-snapshot.ts) to the file
// given: the build (scripts/bundle.mjs) bundles and runs it after the bundles, from the same sources.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createServices } from './workspace.js';
import { readStdlibFile, setStdlibDirectory, stdlibFiles } from './stdlib.js';
import { SnapshotWriter } from './perf/parse-snapshot.js';

const [stdlibDir, outFile] = process.argv.slice(2);
setStdlibDirectory(stdlibDir);
const services = createServices();
const writer = new SnapshotWriter(services);
for (const file of stdlibFiles()) {
    const text = readStdlibFile(file);
    writer.add(path.basename(file), text, services.parser.LangiumParser.parse(text));
}
fs.writeFileSync(outFile, JSON.stringify(writer.snapshot()));
