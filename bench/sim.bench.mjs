// The simulator's speed, both engines (`exact`: the switch interpreter; `fast`: binary
// translation of guest blocks to JavaScript), each beside a plain JavaScript loop doing the same
// arithmetic in the same process (the ratio says how far from native JS the engine is):
//   - compute loop (direct execution, registers only), memory loop (load/store), a loop whose
//     body branches (several blocks), a trap-heavy loop (every 10th instruction privileged, a
//     guest kernel under `full`; also in two VMs on two pCPUs) — guest instructions per second,
//     best of 3;
//   - the compute loop in a native VM (on the hardware, no hypervisor: LANGUAGE.md §9), which must
//     run at least as fast as under a hypervisor;
//   - 1,000 VMs each running 10,000 instructions: wall time of the simulation;
//   - peak RSS of a process simulating 1,000 VMs that each declare 4 GiB (sparse memory), bare
//     and under a linux kernel that boots with paging on (page tables sparse too);
//   - a page-fault-heavy guest (issue 13): a linux program touching 100,000 fresh pages under
//     nested paging, each touch a page fault the guest kernel's handler maps and an EPT violation
//     the hypervisor backs (guest instructions per second, the handler's included; each fresh page
//     is real memory too: 400 MB over the run).
// The engine code is bundled with esbuild (TypeScript sources are not runnable as they are).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.VMDEF_STDLIB = path.join(root, 'language', 'stdlib');
const TIME = '/usr/bin/time';
const RUNS = 3;
const ENGINES = ['exact', 'fast'];

// In-process driver: build a checked workspace once, run it with an engine, time `run()` only.
const DRIVER = `
import { checkDefinition } from './language/check-definition.js';
import { formatDiagnostic } from './language/file-diagnostics.js';
import { Simulation } from './simulator/engine.js';
import { setStdlibDirectory } from './language/stdlib.js';
setStdlibDirectory(process.env.VMDEF_STDLIB);
export async function prepare(text) {
    const check = await checkDefinition([{ path: '/bench/sim.vmdef', text }]);
    if (!check.ok) throw new Error('bench input has errors: ' + check.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('; '));
    return check.workspace;
}
export function simulate(workspace, engine, maxCycles) {
    const sim = Simulation.create(workspace, { maxCycles, engine });
    const started = performance.now();
    const result = sim.run();
    const ms = performance.now() - started;
    const instructions = result.vms.reduce((s, vm) => s + vm.instructions, 0);
    return { ms, instructions, result };
}
export async function main() {
    const [file, engine, maxCycles] = process.argv.slice(2);
    const workspace = await prepare(fs.readFileSync(file, 'utf8'));
    const { ms, instructions, result } = simulate(workspace, engine, Number(maxCycles));
    process.stdout.write(JSON.stringify({ ms, instructions, vms: result.vms.length, statuses: [...new Set(result.vms.map((v) => v.status))] }) + '\\n');
}
import * as fs from 'node:fs';
if (process.argv[1] && process.argv[1].endsWith('sim-driver.mjs')) await main();
`;

const box = (extra = '') => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full ${extra} }
vm k on hv { memory 16 MiB devices com1 run p }
`;
/** The same machine with the VM on it natively. */
const nativeBox = () => `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
vm k on box { memory 16 MiB run p }
`;
/** `SIM_BENCH_ONLY=native node bench/sim.bench.mjs`: only the rows whose name contains it. */
const ONLY = process.env.SIM_BENCH_ONLY;

/** Each workload: a guest kernel loop, and the same work as plain JS (instructions per iteration). */
export const WORKLOADS = [
    {
        name: 'compute loop',
        perIteration: 8,
        program: `program p {
        mov r1, 1
        mov r2, 7
loop:   add r1, r2
        xor r1, 0x55
        shl r2, 1
        or r2, 1
        sub r1, r2
        and r2, 0xffff
        inc r3
        jmp loop
}`,
        js(iterations) {
            let r1 = 1, r2 = 7, r3 = 0;
            for (let i = 0; i < iterations; i++) {
                r1 = (r1 + r2) | 0; r1 ^= 0x55; r2 = r2 << 1; r2 |= 1; r1 = (r1 - r2) | 0; r2 &= 0xffff; r3 = (r3 + 1) | 0;
            }
            return r1 + r2 + r3;
        },
    },
    {
        name: 'memory loop',
        perIteration: 8,
        program: `program p {
        mov r1, 0x10000
        mov r3, 1
loop:   load r2, [r1]
        add r2, r3
        store [r1], r2
        add r1, 4
        and r1, 0x1fffc
        or r1, 0x10000
        inc r3
        jmp loop
}`,
        js(iterations) {
            const mem = new Int32Array(0x20000 >> 2);
            let r1 = 0x10000, r2 = 0, r3 = 1;
            for (let i = 0; i < iterations; i++) {
                r2 = mem[r1 >> 2]; r2 = (r2 + r3) | 0; mem[r1 >> 2] = r2; r1 = (r1 + 4) | 0; r1 &= 0x1fffc; r1 |= 0x10000; r3 = (r3 + 1) | 0;
            }
            return r2 + mem[5000];
        },
    },
    {
        name: 'branching loop',
        perIteration: 9.5,
        program: `program p {
        mov r4, 1000
loop:   inc r1
        mov r2, r1
        and r2, 1
        jz even
        add r3, r1
        jmp next
even:   sub r3, 1
next:   cmp r1, r4
        jl loop
        mov r1, 0
        jmp loop
}`,
        js(iterations) {
            let r1 = 0, r2 = 0, r3 = 0;
            for (let i = 0; i < iterations; i++) {
                r1 = (r1 + 1) | 0; r2 = r1 & 1;
                if (r2 !== 0) r3 = (r3 + r1) | 0; else r3 = (r3 - 1) | 0;
                if (r1 >= 1000) r1 = 0;
            }
            return r3;
        },
    },
    {
        name: 'trap-heavy loop',
        perIteration: 10,
        // every 10th instruction privileged: cli and sti in turn, each a trap to the full monitor
        program: `program p {
loop:   add r1, r2
        xor r1, 0x55
        inc r2
        add r1, r2
        xor r1, 0x55
        inc r2
        add r1, 3
        sub r1, r2
        cli
        add r1, r2
        xor r1, 0x55
        inc r2
        add r1, r2
        xor r1, 0x55
        inc r2
        add r1, 3
        sub r1, r2
        sti
        jmp loop
}`,
        js(iterations) {
            let r1 = 0, r2 = 0, iflag = 1;
            for (let i = 0; i < iterations; i++) {
                r1 = (r1 + r2) | 0; r1 ^= 0x55; r2 = (r2 + 1) | 0; r1 = (r1 + r2) | 0; r1 ^= 0x55; r2 = (r2 + 1) | 0; r1 = (r1 + 3) | 0; r1 = (r1 - r2) | 0;
                iflag = i & 1;
            }
            return r1 + iflag;
        },
    },
];

/** Guest instructions per second of plain JS doing the work of `iterations` loop turns, best of RUNS. */
function plainRate(workload, iterations) {
    let best = Infinity;
    for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        workload.js(iterations);
        best = Math.min(best, performance.now() - t);
    }
    return (iterations * workload.perIteration) / (best / 1000);
}

/** 1,000 VMs, each a 10,000-instruction countdown in a guest kernel, on one overcommitted host (`os`: under that OS). */
function manyVms(vms, memory, os) {
    const lines = [
        'hardware rack { cpu 4 sockets x 16 cores @ 2 GHz memory 256 GiB device com1: serial }',
        'hypervisor hv: type1 on rack { virtualization hardware overcommit cpu 100.0, memory 100.0 }',
        // a program under an OS runs in user mode: it ends with the exit system call, not `hlt`
        `program count {\n    mov r1, 3333\nloop: add r2, r1\n    dec r1\n    jnz loop\n    ${os ? 'syscall exit(0)' : 'hlt'}\n}`,
    ];
    lines[0] = lines[0].replace('memory 256 GiB', 'memory 256 GiB extensions vtx');
    for (let i = 0; i < vms; i++) lines.push(`vm vm${i}${os ? `: ${os}` : ''} on hv { memory ${memory} run count }`);
    return lines.join('\n') + '\n';
}

/** Fresh pages the page-fault row touches (issue 13; MAX_PAGES, machine/operands.ts, leaves room for them). */
const PAGES_TOUCHED = 100_000;

/**
 * A linux program (stdlib os.vmdef: demand paging) under nested paging (VT-x with EPT) storing
 * one word in each of `pages` fresh pages: every store a guest page fault its kernel's handler
 * maps, and an EPT violation the hypervisor backs.
 */
export function touchPages(pages) {
    return `hardware server { cpu 1 cores @ 3 GHz memory 16 GiB extensions vtx, ept, vpid device com1: serial }
hypervisor kvm: type1 on server { virtualization hardware }
program touch {
        mov r1, ${pages}
        mov r2, 0x10000000
fill:   store [r2], r1
        add r2, 4096
        dec r1
        jnz fill
        syscall write(com1, r1)
        syscall exit(0)
}
vm guest: linux on kvm { vcpus 1 memory 512 MiB devices com1 run touch }
`;
}

/** Bundles the in-process driver into `dir` and imports it (interrupts.bench.mjs uses it too). */
export async function loadDriver(dir) {
    return bundleDriver(dir, DRIVER, 'sim-driver');
}

/** Bundles TypeScript `source` (imports relative to the project root) into `dir` as NAME.mjs and imports it (compare.bench.mjs uses it too). */
export async function bundleDriver(dir, source, name) {
    const driverFile = path.join(dir, `${name}.mjs`);
    await esbuild.build({
        stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: `${name}.ts` },
        outfile: driverFile, bundle: true, platform: 'node', target: 'node20', format: 'esm',
        banner: { js: "import { createRequire as __vmdefCreateRequire } from 'node:module'; const require = __vmdefCreateRequire(import.meta.url);" },
        logLevel: 'error', logOverride: { 'empty-import-meta': 'silent' },
    });
    return { driver: await import(pathToFileURL(driverFile).href), driverFile };
}

export async function run(report) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-sim-bench-'));
    try {
        const { driver, driverFile } = await loadDriver(dir);

        const compute = WORKLOADS.find((w) => w.name === 'compute loop');
        for (const workload of [...WORKLOADS, { ...compute, name: 'compute loop, native', native: true }]) {
            if (ONLY && !workload.name.includes(ONLY)) continue;
            const workspace = await driver.prepare((workload.native ? nativeBox() : box()) + workload.program + '\n');
            for (const engine of ENGINES) {
                // a few hundred ms of simulated work per run for each engine; a trap costs ~1,000
                // cycles (the `modern` preset): about a hundred times fewer instructions per cycle
                const trap = workload.name.startsWith('trap');
                const maxCycles = engine === 'fast' ? (trap ? 2e10 : 2e9) : (trap ? 1e9 : 1e8);
                let best = 0;
                for (let i = 0; i < RUNS; i++) {
                    const { ms, instructions } = driver.simulate(workspace, engine, maxCycles);
                    best = Math.max(best, instructions / (ms / 1000));
                }
                const plain = plainRate(workload, Math.round(best / workload.perIteration / 4));
                const target = engine === 'fast'
                    ? { min: workload.name.startsWith('trap') ? 400e6 : workload.name.startsWith('branch') ? undefined : 1.5e9 }
                    : { min: workload.name.startsWith('trap') ? undefined : 150e6 };
                report({
                    name: `${workload.name}, ${engine}`, value: best / 1e6, unit: 'M instr/s',
                    target: target.min !== undefined ? { min: target.min / 1e6 } : undefined,
                    note: `plain JS ${(plain / 1e6).toFixed(0)} M/s, plain ÷ engine = ${(plain / best).toFixed(2)}; best of ${RUNS}`,
                });
            }
        }

        // the rows below have no filter of their own: SIM_BENCH_ONLY runs the workload rows alone
        if (ONLY) return;

        // the trap-heavy loop in two VMs on two pCPUs: lockstep chunks of 10,000 cycles, each
        // pCPU running ahead of the other while it only runs its own VM (engine.ts)
        const trapLoop = WORKLOADS.find((w) => w.name.startsWith('trap'));
        const pair = box().replace('cpu 1 cores', 'cpu 2 cores') + 'vm k2 on hv { memory 16 MiB run p }\n' + trapLoop.program + '\n';
        const pairWorkspace = await driver.prepare(pair);
        for (const engine of ENGINES) {
            let best = 0;
            for (let i = 0; i < RUNS; i++) {
                const { ms, instructions } = driver.simulate(pairWorkspace, engine, engine === 'fast' ? 3e9 : 3e8);
                best = Math.max(best, instructions / (ms / 1000));
            }
            report({ name: `trap-heavy loop × 2 VMs on 2 pCPUs, ${engine}`, value: best / 1e6, unit: 'M instr/s', note: `both VMs together; best of ${RUNS}` });
        }

        const many = manyVms(1000, '64 MiB');
        const manyWorkspace = await driver.prepare(many);
        for (const engine of ENGINES) {
            let best = Infinity;
            let instructions = 0;
            for (let i = 0; i < RUNS; i++) {
                const r = driver.simulate(manyWorkspace, engine, 1e9);
                best = Math.min(best, r.ms);
                instructions = r.instructions;
                const bad = r.result.vms.filter((vm) => vm.status !== 'halted').length;
                if (bad) throw new Error(`${bad} of 1,000 VMs did not halt`);
            }
            report({
                name: `1,000 VMs × 10,000 instructions, ${engine}`, value: best, unit: 'ms', target: { max: 2000 },
                note: `${(instructions / 1e6).toFixed(1)} M instructions, simulation only, best of ${RUNS}`,
            });
        }

        for (const os of [undefined, 'linux']) {
            const bigFile = path.join(dir, 'big.vmdef');
            fs.writeFileSync(bigFile, manyVms(1000, '4 GiB', os).replace('memory 256 GiB', 'memory 1 TiB'));
            for (const engine of ENGINES) {
                const r = spawnSync(TIME, ['-f', '%M', process.execPath, driverFile, bigFile, engine, '1000000000'], { encoding: 'utf8' });
                if (r.status !== 0) throw new Error(`RSS run failed: ${r.stderr}`);
                const rssMB = Number(r.stderr.trim().split('\n').pop()) / 1024;
                const out = JSON.parse(r.stdout);
                report({
                    name: `1,000 ${os ? `${os} ` : ''}VMs × 4 GiB declared, ${engine}: peak RSS`, value: rssMB, unit: 'MB', target: { max: 500 },
                    note: `whole process: parse, check, ${os ? 'boot with paging, ' : ''}simulate (${out.statuses.join(', ')})`,
                });
            }
        }

        const faulting = await driver.prepare(touchPages(PAGES_TOUCHED));
        for (const engine of ENGINES) {
            let best = 0;
            let instructions = 0;
            for (let i = 0; i < RUNS; i++) {
                const r = driver.simulate(faulting, engine, 1e12);
                instructions = r.instructions;
                const vm = r.result.vms[0];
                if (vm.status !== 'halted' || vm.memory.guestPageFaults < PAGES_TOUCHED) throw new Error(`page-fault run: ${vm.status}, ${vm.memory.guestPageFaults} page faults`);
                best = Math.max(best, r.instructions / (r.ms / 1000));
            }
            report({
                name: `page faults: ${PAGES_TOUCHED.toLocaleString('en-US')} fresh pages, ${engine}`, value: best / 1e6, unit: 'M instr/s',
                target: engine === 'fast' ? { min: 20 } : undefined,
                note: `linux guest, nested paging: each touch a page fault its kernel maps (${(instructions / PAGES_TOUCHED).toFixed(0)} instructions a page, the handler's included) and an EPT violation; best of ${RUNS}`,
            });
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
