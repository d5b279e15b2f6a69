// Shared steps of the end-to-end suite: the extension's API, the examples' annotations,
// waiting for the language server's diagnostics, and screenshots taken by the runner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VmdefApi } from '../../../extension/extension.js';

export const EXTENSION_ID = 'vmdef.vmdef';

export async function extensionApi(): Promise<VmdefApi> {
    const extension = vscode.extensions.getExtension<VmdefApi>(EXTENSION_ID);
    if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
    const api = extension.isActive ? extension.exports : await extension.activate();
    await api.ready;
    return api;
}

/** The examples folder: the workspace the runners open. */
export function examplesFolder(): string {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('the suite needs the examples folder open as the workspace');
    return folder.uri.fsPath;
}

export function exampleFiles(): string[] {
    const dir = examplesFolder();
    return fs.readdirSync(dir).filter((f) => f.endsWith('.vmdef')).sort().map((f) => path.join(dir, f));
}

export interface Expectation {
    /** 0-based, as in VS Code's API. */
    line: number;
    code: string;
}

/** `// @expect CODE [CODE...]` per line (../shared/examples/README.md). */
export function expectationsOf(text: string): Expectation[] {
    const result: Expectation[] = [];
    text.split('\n').forEach((line, index) => {
        const match = /\/\/\s*@expect\s+([\w\s-]+)/.exec(line);
        if (match) for (const code of match[1].trim().split(/\s+/)) result.push({ line: index, code });
    });
    return result;
}

/** `// @console VM: TEXT` with `\n` for newlines. */
export function consoleExpectationsOf(text: string): { vm: string; text: string }[] {
    const result: { vm: string; text: string }[] = [];
    for (const match of text.matchAll(/\/\/[ \t]*@console[ \t]+(\w+):[ \t]?(.*)$/gm)) {
        result.push({ vm: match[1], text: match[2].replace(/\\n/g, '\n') });
    }
    return result;
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
    const code = diagnostic.code;
    if (code === undefined) return '';
    return typeof code === 'object' ? String(code.value) : String(code);
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
    if (diagnostics.length === 0) return '(none)';
    return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)}: ${d.message}`).join('\n');
}

/**
 * Problems in `diagnostics` against the annotations: each expected code must start on its line;
 * every error or warning must be expected (information and hints may come on top).
 */
export function mismatches(expected: Expectation[], diagnostics: readonly vscode.Diagnostic[]): string[] {
    const problems: string[] = [];
    for (const e of expected) {
        if (!diagnostics.some((d) => codeOf(d) === e.code && d.range.start.line === e.line)) problems.push(`line ${e.line + 1}: ${e.code} not reported`);
    }
    for (const d of diagnostics) {
        const serious = d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning;
        if (serious && !expected.some((e) => e.line === d.range.start.line && e.code === codeOf(d))) {
            problems.push(`line ${d.range.start.line + 1}: unexpected ${codeOf(d)} (${d.message})`);
        }
    }
    return problems;
}

/**
 * Waits until the language server has published diagnostics for `uri` and `accept` holds for
 * them, and they stayed that way for a moment (a later build may still change them).
 */
export async function waitForDiagnostics(
    api: VmdefApi,
    uri: vscode.Uri,
    accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
    timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    const settleMs = 400;
    let acceptedSince: number | undefined;
    for (;;) {
        const diagnostics = vscode.languages.getDiagnostics(uri);
        const ok = api.diagnosticsPublished(uri) && accept(diagnostics);
        if (ok) {
            acceptedSince ??= Date.now();
            if (Date.now() - acceptedSince >= settleMs) return diagnostics;
        } else {
            acceptedSince = undefined;
        }
        if (Date.now() > deadline) {
            const state = api.diagnosticsPublished(uri) ? describeDiagnostics(diagnostics) : '(nothing published yet)';
            throw new Error(`timed out after ${timeoutMs} ms waiting for the diagnostics of ${path.basename(uri.fsPath)}; last seen:\n${state}`);
        }
        await sleep(100);
    }
}

/**
 * The diagnostics the server publishes next for `uri` (call before the change that causes
 * them), once no further publication followed for a moment.
 */
export function republished(uri: vscode.Uri, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
    const settleMs = 400;
    return new Promise((resolve, reject) => {
        let settle: ReturnType<typeof setTimeout> | undefined;
        const done = () => {
            listener.dispose();
            clearTimeout(deadline);
            resolve(vscode.languages.getDiagnostics(uri));
        };
        const listener = vscode.languages.onDidChangeDiagnostics((e) => {
            if (!e.uris.some((u) => u.toString() === uri.toString())) return;
            if (settle) clearTimeout(settle);
            settle = setTimeout(done, settleMs);
        });
        const deadline = setTimeout(() => {
            listener.dispose();
            if (settle) clearTimeout(settle);
            reject(new Error(`no diagnostics were published for ${path.basename(uri.fsPath)} within ${timeoutMs} ms`));
        }, timeoutMs);
    });
}

export async function openInEditor(file: string | vscode.Uri): Promise<vscode.TextEditor> {
    const uri = typeof file === 'string' ? vscode.Uri.file(file) : file;
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

/** Line (0-based) of the first line matching `pattern`. */
export function lineOf(document: vscode.TextDocument, pattern: RegExp): number {
    for (let i = 0; i < document.lineCount; i++) if (pattern.test(document.lineAt(i).text)) return i;
    throw new Error(`no line matches ${pattern} in ${path.basename(document.uri.fsPath)}`);
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(100);
    }
}

/**
 * Waits until the workbench has focused a stopped thread of `session`. A debug adapter tracker
 * sees a `stopped` event as the adapter sends it, before the workbench has asked for the threads
 * and focused one; a toolbar command (Continue, Step Into) given in between acts on no thread and
 * does nothing, and a view that follows the focused frame (Disassembly) has none yet. CI's slower
 * machine hit that window: the Continue after an entry stop was lost.
 */
export async function focusedByWorkbench(session: vscode.DebugSession, threadId: number): Promise<void> {
    // `activeStackItem` is VS Code 1.90's API; the types are pinned to the oldest VS Code we support
    const debug = vscode.debug as { activeStackItem?: { session: vscode.DebugSession; threadId: number } };
    await until(`the workbench to focus thread ${threadId}`, () => {
        const item = debug.activeStackItem;
        return item?.session.id === session.id && item.threadId === threadId;
    });
}

export const SCREENSHOT_MARKER = '[vmdef-e2e:screenshot]';

/**
 * Asks the runner for a screenshot of the workbench as it is now, and waits until it is
 * written: when the suite ends VS Code stops the extension host and clears the editor.
 * Without a runner that takes them (desktop VS Code), nothing happens.
 */
export async function screenshot(name: string): Promise<void> {
    const dir = process.env.VMDEF_E2E_ARTIFACTS;
    if (!dir || process.env.VMDEF_E2E_SCREENSHOTS !== '1') return;
    const file = path.join(dir, `${name}.png`);
    fs.rmSync(file, { force: true });
    // Let the workbench paint what the test just did before the picture is taken.
    await sleep(700);
    console.log(`${SCREENSHOT_MARKER} ${name}`);
    await until(`the runner's screenshot ${file}`, () => fs.existsSync(file) || undefined, 20_000);
}
