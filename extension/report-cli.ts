// The report on the desktop: `vmdef report FILE OTHER... -o report.html` in a child process
// (cli-process.ts passes `--lang`), read back from a temporary folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCli } from './cli-process.js';
import { samePath } from './connected-files.js';
import type { ReportMaker } from './report-view.js';
import { saveDocuments, settingsArguments } from './run-cli.js';

export function reportWithCli(context: vscode.ExtensionContext): ReportMaker {
    return {
        saveConnected: saveDocuments,
        sameFile: (file, document) => samePath(file, document.fsPath),
        async make(file, connected) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-report-'));
            const output = path.join(dir, 'report.html');
            try {
                const result = await runCli(context, ['report', ...settingsArguments(file), ...connected.files, '-o', output], { cwd: path.dirname(file.fsPath) });
                if (result.code === 0 && fs.existsSync(output)) return { html: fs.readFileSync(output, 'utf8') };
                return { error: result.stderr || result.stdout || vscode.l10n.t('vmdef report exited with code {0}', String(result.code)) };
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}
