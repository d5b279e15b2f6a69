// The end-to-end suite of VS Code for the Web: loaded by code-server's WEB WORKER extension host
// (scripts/e2e-code-server.mjs --web passes `extensionDevelopmentKind: web`), which runs the
// extension's `browser` entry — no Node, no process, files only through vscode.workspace.fs.
// Mocha's browser build, as @vscode/test-web's samples use it; its spec reporter writes to the
// worker's console, which the runner prints.
import 'mocha/mocha.js';
import { webTests } from './web.test.js';

export function run(): Promise<void> {
    return new Promise((resolve, reject) => {
        mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
        webTests();
        mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} web end-to-end test(s) failed`)) : resolve()));
    });
}
