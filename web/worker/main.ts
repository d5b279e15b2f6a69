// The playground's worker: the vmdef language server (Langium's browser support, as in
// Langium's own playground: a connection over the worker's messages, no file system) plus the
// playground's requests on the same connection (web/protocol.ts): run, debug, locale.
import '../../debugger/set-immediate.js';
import { EmptyFileSystem, URI } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser.js';
import stdlibTexts from 'vmdef:stdlib';
import { localeOf, setLocale } from '../../l10n/locale.js';
import { setStdlibSource } from '../../language/stdlib.js';
import { createVmdefLspServices } from '../../language/lsp/lsp-module.js';
import {
    DEBUG_BREAKPOINTS, DEBUG_MOVE, DEBUG_START, DEBUG_STOP, RUN, SET_LOCALE, STDLIB_DIR,
    type DebugBreakpointsParams, type DebugMoveParams, type DebugStartParams, type RunParams, type SetLocaleParams,
} from '../protocol.js';
import { move, setBreakpoints, startDebugging, stopDebugging } from './debug.js';
import { runDefinition } from './run.js';

setStdlibSource(STDLIB_DIR, stdlibTexts);

const scope = self as unknown as Worker;
const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
const { shared } = createVmdefLspServices({ connection, ...EmptyFileSystem });

shared.lsp.LanguageServer.onInitialize((params) => setLocale(localeOf(params.locale)));

// The playground has no workspace folder to wait for: the standard library is loaded and built
// now, while the page still loads its own script, and `initialized` finds it done. The parser's
// construction and the library's build are off the path from the first edit to its diagnostics.
const workspace = shared.workspace.WorkspaceManager;
const workspaceBuilt = shared.workspace.WorkspaceLock.write((token) => workspace.initializeWorkspace([], token));
workspace.initialized = () => workspaceBuilt;

// A new locale: the open documents are validated again, so their diagnostics are in it.
connection.onRequest(SET_LOCALE, async (params: SetLocaleParams) => {
    setLocale(params.locale);
    const open = shared.workspace.TextDocuments.all().map((d) => URI.parse(d.uri));
    await shared.workspace.WorkspaceLock.write((token) => shared.workspace.DocumentBuilder.update(open, [], token));
    return null;
});
connection.onRequest(RUN, (params: RunParams) => runDefinition(params));
connection.onRequest(DEBUG_START, (params: DebugStartParams) => startDebugging(params.text, params.breakpoints));
connection.onRequest(DEBUG_MOVE, (params: DebugMoveParams) => move(params.move, params.vcpu));
connection.onRequest(DEBUG_BREAKPOINTS, (params: DebugBreakpointsParams) => {
    setBreakpoints(params.lines);
    return null;
});
connection.onRequest(DEBUG_STOP, () => {
    stopDebugging();
    return null;
});

startLanguageServer(shared);
