// Every stress input through the real debug adapter (out/debug-adapter.js over stdio, 1 GiB
// heap): launched without stopping, it must end the session (terminated) in bounded time, or
// refuse the launch with one clear message — never crash or hang.
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stressInputs } from './inputs.js';
import { MAX_CYCLES, NODE_LIMITS, stressBudget, TIME_LIMIT_MS, uncleanText, writeInputs } from './outcome.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADAPTER = path.join(ROOT, 'out', 'debug-adapter.js');
const inputs = stressInputs();
const { dir, files } = writeInputs(inputs);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Launches `program` and waits for the session's end; returns what the user would see. */
async function debug(program: string): Promise<{ launchError?: string; output: string; terminated: boolean }> {
    const dc = new DebugClient('node', ADAPTER, 'vmdef', { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: NODE_LIMITS.replace(' --stack-size=984', '') } });
    dc.defaultTimeout = TIME_LIMIT_MS;
    let output = '';
    dc.on('output', (e: DebugProtocol.OutputEvent) => (output += e.body.output));
    // An exception stop (a #DF, a guest fault) is a clean outcome too: go on to the end.
    dc.on('stopped', (e: DebugProtocol.StoppedEvent) => void dc.continueRequest({ threadId: e.body.threadId ?? 1 }).catch(() => undefined));
    const terminated = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), TIME_LIMIT_MS);
        dc.once('terminated', () => {
            clearTimeout(timer);
            resolve(true);
        });
    });
    await dc.start();
    try {
        await dc.initializeRequest({ adapterID: 'vmdef', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
        let launchError: string | undefined;
        const launched = dc.launchRequest({ program, stopOnEntry: false, maxCycles: MAX_CYCLES } as DebugProtocol.LaunchRequestArguments)
            .catch((e: Error) => (launchError = e.message));
        const configured = dc.waitForEvent('initialized', TIME_LIMIT_MS).then(() => dc.configurationDoneRequest()).catch(() => undefined);
        await Promise.race([launched, terminated]);
        if (launchError !== undefined) return { launchError, output, terminated: true };
        await configured;
        return { output, terminated: await terminated };
    } finally {
        await dc.stop().catch(() => undefined);
    }
}

// Inputs whose weight is all in parsing (the same path `check` and the server take) run once
// through the CLI and the server; the debugger gets the rest, and the 100,000 comment lines.
const budget = stressBudget(inputs.filter((i) => i.text.length < 500_000 || i.name === 'comments-100k'), 15_000);

describe('stress: the debug adapter', () => {
    for (const input of budget.inputs) {
        it(`${input.name}: runs to its end or refuses the launch cleanly`, async (ctx) => {
            budget.begin(() => ctx.skip());
            const r = await debug(files.get(input.name)!);
            expect(uncleanText(`${r.launchError ?? ''}\n${r.output}`, input)).toEqual([]);
            if (input.errors) expect(r.launchError ?? r.output).toMatch(/error/i);
            expect(r.terminated, r.output.slice(-1000)).toBe(true);
        }, 2 * TIME_LIMIT_MS);
    }
});
