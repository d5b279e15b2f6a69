// Runs the bundled command line (out/cli.js) in its own Node process: `run` and `report` are
// the CLI's, so the extension shows exactly what a terminal user sees and never runs the
// simulator inside the extension host.
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { localeOf } from '../l10n/locale.js';

export interface CliResult {
    /** The process's exit code; null when it was killed (timeout or cancellation). */
    code: number | null;
    stdout: string;
    stderr: string;
}

export interface CliOptions {
    cwd?: string;
    /** Called with each chunk of standard output and standard error as it arrives. */
    onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
    token?: vscode.CancellationToken;
    timeoutMs?: number;
}

/** Generous: the simulator bounds every run by cycles; this only guards against a stuck process. */
const DEFAULT_TIMEOUT_MS = 120_000;

export function cliPath(context: vscode.ExtensionContext): string {
    return context.asAbsolutePath('out/cli.js');
}

export function runCli(context: vscode.ExtensionContext, args: string[], options: CliOptions = {}): Promise<CliResult> {
    return new Promise((resolve) => {
        // Desktop VS Code's execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node
        // (code-server's execPath is Node already and ignores the variable).
        // The CLI writes in VS Code's display language (`--lang` may stand anywhere on its line).
        const child = spawn(process.execPath, [cliPath(context), '--lang', localeOf(vscode.env.language), ...args], {
            cwd: options.cwd,
            env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
            stdout += text;
            options.onOutput?.(text, 'stdout');
        });
        child.stderr.setEncoding('utf8').on('data', (text: string) => {
            stderr += text;
            options.onOutput?.(text, 'stderr');
        });
        const timer = setTimeout(() => child.kill(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const cancel = options.token?.onCancellationRequested(() => child.kill());
        const done = (code: number | null, error?: Error) => {
            clearTimeout(timer);
            cancel?.dispose();
            if (error) stderr += `${error.message}\n`;
            resolve({ code, stdout, stderr });
        };
        child.on('error', (error) => done(null, error));
        child.on('close', (code) => done(code));
    });
}
