// The tutorials (docs/tutorial.md, and its Korean version docs/ko/tutorial.md) cannot go stale:
// every file they show is the file in examples/tutorial/ byte for byte, every command of their
// `console` blocks is run through the bundled CLI (vitest's global setup bundles first) and
// prints what the page says, and their debugger table is replayed over DAP against the bundled
// adapter (out/debug-adapter.js) — the Korean one with the client's locale `ko`.
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, readDoc, shownFiles, consoleBlocks, debugTables, type DebugRow } from './markdown.js';

const TUTORIAL_DIR = path.join(ROOT, 'examples', 'tutorial');

interface Tutorial {
    file: string;
    /** DAP `initialize` locale: the language the debugger table is written in. */
    locale?: string;
    /** The table's words for the debugger's actions (VS Code's own, in that language). */
    actions: Record<string, string>;
}

const TUTORIALS: Tutorial[] = [
    { file: 'docs/tutorial.md', actions: {} },
    { file: 'docs/ko/tutorial.md', locale: 'ko', actions: { '단계 정보': 'Step Into', '단위 실행': 'Step Over', '단계 출력': 'Step Out', '계속': 'Continue' } },
];

// One check of every example for both tutorials: the files are the same whatever the page's language.
describe('examples/tutorial/', () => {
    it('declares no name another example declares (VS Code opens examples/ as one workspace)', () => {
        const all = fs.readdirSync(path.join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
            .filter((f) => f.endsWith('.vmdef')).map((f) => path.join('examples', f));
        const run = spawnSync(process.execPath, ['out/cli.js', 'check', ...all], { cwd: ROOT, encoding: 'utf8' });
        expect(run.stdout.split('\n').filter((l) => l.includes(' duplicate-name: '))).toEqual([]);
    });
});

for (const tutorial of TUTORIALS) testTutorial(tutorial);

function testTutorial({ file: TUTORIAL, locale, actions }: Tutorial): void {
const text = readDoc(TUTORIAL);

describe(`${TUTORIAL} shows the files of examples/tutorial/ as they are`, () => {
    const shown = shownFiles(text);
    it('shows every tutorial file, and only those', () => {
        const onDisk = fs.readdirSync(TUTORIAL_DIR).filter((f) => f.endsWith('.vmdef')).map((f) => `examples/tutorial/${f}`).sort();
        expect(onDisk.length).toBeGreaterThanOrEqual(6);
        expect([...shown.keys()].sort()).toEqual(onDisk);
    });
    for (const [file, content] of shown) {
        it(file, () => expect(content).toBe(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    }
});

/** Runs one shown command line: `node out/cli.js ARGS` with optional `| head -n N`, `| tail -n N`, `| grep TEXT`. */
function runShown(line: string): { stdout: string; status: number } {
    const [command, ...filters] = line.split(' | ');
    const args = command.split(/\s+/);
    if (args[0] !== 'node' || args[1] !== 'out/cli.js') throw new Error(`the tutorial may only show 'node out/cli.js ...' commands: ${line}`);
    const run = spawnSync(process.execPath, args.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    let lines = run.stdout.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const filter of filters) {
        const m = /^(head|tail) -n (\d+)$|^grep (\S+)$/.exec(filter.trim());
        if (!m) throw new Error(`unsupported filter '${filter}' in: ${line}`);
        if (m[1] === 'head') lines = lines.slice(0, Number(m[2]));
        else if (m[1] === 'tail') lines = lines.slice(-Number(m[2]));
        else lines = lines.filter((l) => l.includes(m[3]));
    }
    return { stdout: lines.map((l) => l + '\n').join(''), status: run.status ?? -1 };
}

describe(`${TUTORIAL}: every command prints what the page shows`, () => {
    const blocks = consoleBlocks(text);
    it('has console blocks', () => expect(blocks.length).toBeGreaterThanOrEqual(8));
    if (locale) {
        it(`every command asks for its language (--lang ${locale})`, () => {
            const commands = blocks.flat().map((c) => c.command).filter((c) => c !== 'echo $?');
            expect(commands.filter((c) => !c.includes(` --lang ${locale} `))).toEqual([]);
        });
    }
    blocks.forEach((block, b) => {
        it(`block ${b + 1}: ${block.map((c) => c.command).join('; ')}`, () => {
            let lastStatus = 0;
            for (const { command, output } of block) {
                if (command === 'echo $?') {
                    expect(`${lastStatus}\n`, 'exit code shown after the previous command').toBe(output);
                    continue;
                }
                const run = runShown(command);
                lastStatus = run.status;
                expect(run.stdout, command).toBe(output);
            }
        });
    });
});

describe(`${TUTORIAL}: the debugger table, replayed over DAP`, () => {
    let client: DebugClient | undefined;
    afterEach(async () => {
        await client?.stop();
        client = undefined;
    });

    const tables = debugTables(text);
    it('has a debugger table', () => expect(tables.length).toBeGreaterThanOrEqual(1));

    for (const table of tables) {
        it(table.file, async () => {
            client = new DebugClient(process.execPath, path.join(ROOT, 'out', 'debug-adapter.js'), 'vmdef');
            await client.start();
            const dc = client;
            const stops: DebugProtocol.StoppedEvent['body'][] = [];
            dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e.body));
            const seen: DebugRow[] = [];
            const observe = async (action: string) => {
                const top = stops[stops.length - 1];
                const stack = await dc.stackTraceRequest({ threadId: top.threadId! });
                seen.push({ action, description: top.description ?? '', stack: stack.body.stackFrames.map((f) => f.name) });
            };
            const [first, ...rest] = table.rows;
            expect(first.action).toBe('F5');
            if (locale) {
                // the client's display language, as VS Code sends it in `initialize`
                const initialize = dc.initializeRequest.bind(dc);
                dc.initializeRequest = () => initialize({ adapterID: 'vmdef', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', locale });
            }
            await Promise.all([
                dc.configurationSequence(),
                dc.launch({ program: path.join(ROOT, table.file), stopOnEntry: true } as DebugProtocol.LaunchRequestArguments),
                dc.waitForEvent('stopped'),
            ]);
            await observe(first.action);
            for (const row of rest) {
                const threadId = stops[stops.length - 1].threadId!;
                const action = actions[row.action] ?? row.action;
                const request = action === 'Step Into' ? dc.stepInRequest({ threadId })
                    : action === 'Step Over' ? dc.nextRequest({ threadId })
                    : action === 'Step Out' ? dc.stepOutRequest({ threadId })
                    : action === 'Continue' ? dc.continueRequest({ threadId })
                    : Promise.reject(new Error(`unknown action '${row.action}'`));
                await Promise.all([request, dc.waitForEvent('stopped')]);
                await observe(row.action);
            }
            expect(seen).toEqual(table.rows);
        });
    }
});
}
