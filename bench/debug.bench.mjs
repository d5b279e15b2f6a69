// The debugger's speed, as users meet it: the stand-alone adapter (out/debug-adapter.js) over
// stdio. (1) Continue to a breakpoint 100 million guest instructions away, beside a plain
// `vmdef run` of the same program in the same run (its start-up and parse subtracted with a
// 1-iteration twin): the debugger should simulate at least half as fast. (2) The median
// latency of a step request (request sent → `stopped` event), stepIn and next. (3) The median
// time of a `disassemble` of 1,000 instructions (request → response) with their translations.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import testsupport from '@vscode/debugadapter-testsupport';

const { DebugClient } = testsupport;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'out', 'cli.js');
const adapter = path.join(root, 'out', 'debug-adapter.js');
const ITERATIONS = 50_000_000; // dec + jnz: 100 M guest instructions
const BREAK_LINE = 22; // out com1, "done\n": after the loop
const MAX_CYCLES = 10_000_000_000;
const RUNS = 3;
const STEPS = 200;

function program(iterations) {
    return `hardware box {
    cpu 1 cores @ 1 GHz
    memory 1 GiB
    device com1: serial
}

hypervisor hv: type1 on box {
    virtualization full
}

vm spin on hv {
    vcpus 1
    memory 64 MiB
    devices com1
    run count
}

program count {
        mov r1, ${iterations}
loop:   dec r1
        jnz loop
        out com1, "done\\n"
        hlt
}
`;
}

function runCli(file, extra = []) {
    const started = performance.now();
    const r = spawnSync(process.execPath, [cli, 'run', ...extra, '--max-cycles', String(MAX_CYCLES), file], { encoding: 'utf8' });
    const ms = performance.now() - started;
    if (r.status !== 0 || !r.stdout.startsWith('done')) throw new Error(`vmdef run failed: ${r.stderr || r.stdout}`);
    return ms;
}

/** Waits for the next event of a type, remembering events that came before the wait. */
function eventQueue(dc, type) {
    const queued = [];
    const waiting = [];
    dc.on(type, (e) => (waiting.length ? waiting.shift()(e) : queued.push(e)));
    return () => (queued.length ? Promise.resolve(queued.shift()) : new Promise((resolve) => waiting.push(resolve)));
}

async function session(file, args, configure) {
    const dc = new DebugClient('node', adapter, 'vmdef');
    dc.defaultTimeout = 120_000;
    const stopped = eventQueue(dc, 'stopped');
    const initialized = eventQueue(dc, 'initialized');
    await dc.start();
    await dc.initializeRequest({ adapterID: 'vmdef', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const launched = dc.launchRequest({ program: file, maxCycles: MAX_CYCLES, ...args });
    await initialized();
    if (configure) await configure(dc);
    return { dc, stopped, launched };
}

async function continueToBreakpoint(file) {
    const { dc, stopped, launched } = await session(file, {}, (dc) => dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: BREAK_LINE }] }));
    const started = performance.now();
    await dc.configurationDoneRequest();
    await launched;
    const stop = await stopped();
    const ms = performance.now() - started;
    const line = (await dc.stackTraceRequest({ threadId: stop.body.threadId })).body.stackFrames[0].line;
    await dc.stop();
    if (stop.body.reason !== 'breakpoint' || line !== BREAK_LINE) throw new Error(`expected the breakpoint at ${BREAK_LINE}, got ${stop.body.reason} at ${line}`);
    return ms;
}

async function stepLatency(file, command) {
    const { dc, stopped, launched } = await session(file, { stopOnEntry: true });
    await dc.configurationDoneRequest();
    await launched;
    await stopped();
    const times = [];
    for (let i = 0; i < STEPS; i++) {
        const started = performance.now();
        await dc.send(command, { threadId: 1 });
        await stopped();
        times.push(performance.now() - started);
    }
    await dc.stop();
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], p90: times[Math.floor(times.length * 0.9)] };
}

/** A program of `n` instructions: translated blocks, loads and stores, syscalls that leave translated code. */
function longProgram(n) {
    const body = [];
    for (let i = 0; body.length < n - 1; i++) {
        body.push(`l${i}:    mov r1, ${i}`, '        add r2, r1', '        store [r3], r2', '        load r4, [r3]', '        syscall write(com1, r1)');
        body.push(`        jnz l${i}`.replace(`l${i}`, `l${Math.max(0, i - 1)}`));
    }
    return `hardware box {\n    cpu 1 cores\n    memory 1 GiB\n    device com1: serial\n}\nhypervisor hv: type1 on box {\n    virtualization full\n}\n` +
        `vm big: linux on hv {\n    vcpus 1\n    memory 64 MiB\n    devices com1\n    run long\n}\nprogram long {\n        mov r3, 4096\n${body.slice(0, n - 2).join('\n')}\n        syscall exit(0)\n}\n`;
}

const DISASSEMBLED = 1_000;

async function disassembleTime(file) {
    const { dc, stopped, launched } = await session(file, { stopOnEntry: true });
    await dc.configurationDoneRequest();
    await launched;
    await stopped();
    const reference = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].instructionPointerReference;
    const times = [];
    for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const r = await dc.send('disassemble', { memoryReference: reference, instructionOffset: (i % 2) * 100, instructionCount: DISASSEMBLED, resolveSymbols: true });
        times.push(performance.now() - started);
        if (r.body.instructions.length !== DISASSEMBLED) throw new Error(`disassemble answered ${r.body.instructions.length} rows`);
    }
    await dc.stop();
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], p90: times[Math.floor(times.length * 0.9)] };
}

export async function run(report) {
    for (const f of [cli, adapter]) if (!fs.existsSync(f)) throw new Error(`${path.relative(root, f)} is missing: npm run build`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-debug-bench-'));
    try {
        const big = path.join(dir, 'count-100M.vmdef');
        const tiny = path.join(dir, 'count-1.vmdef');
        fs.writeFileSync(big, program(ITERATIONS));
        fs.writeFileSync(tiny, program(1));
        const instructions = 2 * ITERATIONS + 1;

        // the CLI's engines: the default, and the fast one if it has `--engine fast`
        const engines = [['vmdef run', []]];
        if (spawnSync(process.execPath, [cli, 'run', '--engine', 'fast', tiny]).status === 0) engines.push(['vmdef run --engine fast', ['--engine', 'fast']]);
        // interleaved, best of RUNS each: the machine's load hits all alike
        // start-up and parsing: the best 1-iteration run subtracted from the best 100 M one
        const bigMs = engines.map(() => []);
        const tinyMs = engines.map(() => []);
        const debugMs = [];
        for (let i = 0; i < RUNS; i++) {
            engines.forEach(([, extra], e) => {
                bigMs[e].push(runCli(big, extra));
                tinyMs[e].push(runCli(tiny, extra));
            });
            debugMs.push(await continueToBreakpoint(big));
        }
        const debug = Math.min(...debugMs);
        const note = `${(instructions / 1e6).toFixed(0)} M instructions, best of ${RUNS}`;
        const runs = engines.map(([name], e) => {
            const ms = Math.max(1, Math.min(...bigMs[e]) - Math.min(...tinyMs[e]));
            report({ name: `${name} (start-up subtracted)`, value: ms, unit: 'ms', note: `${(instructions / ms / 1e3).toFixed(0)} M instr/s; ${note}` });
            return ms;
        });
        report({ name: 'debug: continue to a breakpoint', value: debug, unit: 'ms', note: `${(instructions / debug / 1e3).toFixed(0)} M instr/s; ${note}` });
        // against the fastest run mode users can have
        report({ name: 'debug continue speed / run speed', value: Math.min(...runs) / debug, unit: '×', target: { min: 0.5 }, note: `vs ${engines[runs.indexOf(Math.min(...runs))][0]}` });

        for (const command of ['stepIn', 'next']) {
            const { median, p90 } = await stepLatency(big, command);
            report({ name: `debug: ${command} latency (median)`, value: median, unit: 'ms', note: `p90 ${p90.toFixed(1)} ms, ${STEPS} requests over stdio`, target: { max: 20 } });
        }

        const long = path.join(dir, 'long.vmdef');
        fs.writeFileSync(long, longProgram(1_200));
        const { median, p90 } = await disassembleTime(long);
        report({ name: `debug: disassemble ${DISASSEMBLED} instructions (median)`, value: median, unit: 'ms', note: `p90 ${p90.toFixed(1)} ms, with translations, over stdio`, target: { max: 50 } });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
