// Entry point VS Code's extension host loads for the end-to-end suite (extensionTestsPath):
// runs every bundled `*.test.cjs` next to this file with mocha, inside the real VS Code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
    const mocha = new Mocha({
        ui: 'bdd',
        color: false,
        // Each step waits for a real language server and real child processes.
        timeout: 60_000,
        // A regular expression over the full test titles (`--grep` of the runners).
        grep: process.env.VMDEF_E2E_GREP ? new RegExp(process.env.VMDEF_E2E_GREP) : undefined,
    });
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.cjs')).sort();
    for (const file of files) mocha.addFile(path.join(__dirname, file));
    return new Promise((resolve, reject) => {
        mocha.run((failures) => {
            if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
            else resolve();
        });
    });
}
