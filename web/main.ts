// The playground page: wires the editor, the worker (language server, run, debugger), the
// example picker, the language switch and the share link. The page's elements are in
// web/index.html; each panel's drawing is in its own module.
import { closeBrackets } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import examples from 'vmdef:examples';
import { localeOf, setLocale, type Locale } from '../l10n/locale.js';
import { breakpointGutter, clearBreakpoints } from './breakpoints.js';
import { debugLineField } from './debug-line.js';
import { DebugPanel } from './debug-view.js';
import { documentSync, lspCompletion, lspHover, showDiagnostics } from './editor-lsp.js';
import { vmdefLanguage } from './highlight.js';
import { LspDocument } from './lsp-client.js';
import { webMessages as m } from './messages.js';
import { translatePage } from './page-text.js';
import { renderProblems } from './problems-view.js';
import { RUN, type RunResponse } from './protocol.js';
import { showConsole, showLines, showReport, showSummary } from './run-view.js';
import { definitionFromHash, shareLink } from './share.js';
import { WorkerConnection } from './worker-client.js';

const DEFAULT_EXAMPLE = 'hello-type1.vmdef';
const LOCALE_KEY = 'vmdef-playground-locale';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function initialLocale(): Locale {
    try {
        const saved = localStorage.getItem(LOCALE_KEY);
        if (saved) return localeOf(saved);
    } catch {
        // storage may be unavailable (a file:// page in some browsers): the browser's language decides
    }
    return localeOf(navigator.language);
}

const problems = byId<HTMLUListElement>('problems');
const consolePre = byId<HTMLPreElement>('console');
const summary = byId<HTMLPreElement>('summary');
const report = byId<HTMLIFrameElement>('report');

const connection = new WorkerConnection((message) => showLines(consolePre, [m.workerFailed(message)]));
const lsp = new LspDocument(connection);
// The language server starts before the editor is built: the worker handles `initialize` while
// this script still sets the page up, and the text goes to it as soon as the answer arrives.
const locale = initialLocale();
const initialText = definitionFromHash(location.hash) ?? examples[DEFAULT_EXAMPLE] ?? '';
const serverReady = lsp.initialize(locale);
let debugPanel: DebugPanel | undefined;

const view = new EditorView({
    parent: byId('editor'),
    state: EditorState.create({
        doc: initialText,
        extensions: [
            lineNumbers(),
            breakpointGutter(() => m.breakpointHint(), () => debugPanel?.breakpointsChanged()),
            lintGutter(),
            history(),
            drawSelection(),
            highlightActiveLine(),
            bracketMatching(),
            closeBrackets(),
            vmdefLanguage,
            syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
            keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
            debugLineField,
            documentSync(lsp),
            lspHover(lsp),
            lspCompletion(lsp),
        ],
    }),
});

debugPanel = new DebugPanel(connection, view, {
    status: byId('debug-status'),
    callStack: byId('call-stack'),
    registers: byId('registers'),
    vcpu: byId('vcpu'),
    moves: { stepIn: byId('step-into'), next: byId('step-over'), stepOut: byId('step-out'), stepBack: byId('step-back'), continue: byId('continue') },
    stop: byId('stop'),
    console: consolePre,
    summary,
});

// Diagnostics arrive for each build; a slower quick-fix lookup must not overwrite newer ones.
let diagnosticsRound = 0;
lsp.onDiagnostics(async (diagnostics) => {
    const round = ++diagnosticsRound;
    // the problems at once; their quick fixes (one more request) when they come
    renderProblems(problems, view, diagnostics.map((diagnostic) => ({ diagnostic, fixes: [] })));
    const shown = await showDiagnostics(view, lsp, diagnostics);
    if (round === diagnosticsRound) renderProblems(problems, view, shown);
});

function setText(text: string): void {
    void debugPanel?.stop();
    clearBreakpoints(view);
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

// ------------------------------------------------------------------ examples

const picker = byId<HTMLSelectElement>('examples');
picker.append(...Object.keys(examples).map((name) => new Option(name.replace(/\.vmdef$/, ''), name)));
picker.value = location.hash ? '' : DEFAULT_EXAMPLE;
picker.onchange = () => {
    if (examples[picker.value] !== undefined) setText(examples[picker.value]);
};
window.addEventListener('hashchange', () => {
    const text = definitionFromHash(location.hash);
    if (text !== undefined) setText(text);
});

// ------------------------------------------------------------------ run and report

async function run(thenShowReport: boolean): Promise<void> {
    showConsole(consolePre, '');
    consolePre.textContent = m.running();
    showSummary(summary, '');
    let result: RunResponse;
    try {
        result = await connection.request<RunResponse>(RUN, { text: view.state.doc.toString() });
    } catch (e) {
        // a failure inside the worker (a bug): said where the output would be, never swallowed
        showLines(consolePre, [(e as Error).message]);
        return;
    }
    if (result.kind === 'refused') {
        showLines(consolePre, [m.refused(), ...result.lines]);
        return;
    }
    showConsole(consolePre, result.console);
    showSummary(summary, result.summary);
    showReport(report, result.reportHtml);
    if (thenShowReport) byId('report-pane').scrollIntoView();
}
byId('run').onclick = () => void run(false);
byId('show-report').onclick = () => void run(true);
byId('debug').onclick = () => void debugPanel?.start();

// ------------------------------------------------------------------ share

byId('share').onclick = async () => {
    const link = shareLink(view.state.doc.toString());
    window.history.replaceState(null, '', link);
    let copied = false;
    try {
        await navigator.clipboard.writeText(link);
        copied = true;
    } catch {
        // no clipboard permission (a file:// page, an old browser): the link is shown to copy by hand
    }
    byId('share-note').textContent = copied ? m.shareCopied() : m.shareNotCopied();
    byId<HTMLInputElement>('share-link').value = link;
    byId('share-line').hidden = false;
};

// ------------------------------------------------------------------ language

const langSelect = byId<HTMLSelectElement>('lang');
function applyLocale(locale: Locale): void {
    setLocale(locale);
    document.documentElement.lang = locale;
    langSelect.value = locale;
    translatePage();
}
langSelect.onchange = async () => {
    const locale = localeOf(langSelect.value);
    applyLocale(locale);
    try {
        localStorage.setItem(LOCALE_KEY, locale);
    } catch {
        // not remembered; the switch still works for this visit
    }
    await lsp.setLocale(locale);
};

// ------------------------------------------------------------------ start

applyLocale(locale);
void serverReady.then(() => lsp.open(view.state.doc.toString()));
