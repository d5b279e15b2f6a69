// `vmdef run`'s output through the real bundled CLI: a console flood stays bounded (the stream
// stops after 1 MiB per VM and says so once; the summary and --json say how much was dropped),
// and --trace is in time order across pCPUs, each line naming its pCPU, world switches named.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';

let dir: string;

/** The CLI with room for more output than a bounded run writes (spawnSync's default is 1 MiB). */
function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const { LC_ALL: _all, LC_MESSAGES: _messages, LANG: _lang, ...env } = process.env;
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20, env });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
    const p = path.join(dir, name, 'def.vmdef');
    fs.mkdirSync(path.dirname(p));
    fs.writeFileSync(p, text);
    return p;
}

const LINE = 'x'.repeat(65_535);
const FLOOD = `hardware box { cpu 1 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type1 on box { virtualization full }
vm a on hv { memory 16 MiB devices com1 run p }
program p {
        mov r1, 100
loop:   out com1, "${LINE}\\n"
        dec r1
        jnz loop
        out com1, "end"
        hlt
}
`;

// Two VMs on two pCPUs: each runs ahead of the other between its writes.
const TWO = `hardware box { cpu 2 cores @ 1 GHz memory 1 GiB device com1: serial }
hypervisor hv: type2 on box { host linux virtualization full }
vm a: linux on hv { memory 16 MiB devices com1 run fast }
vm b: linux on hv { memory 16 MiB devices com1 run slow }
program fast {
        mov r1, 3
again:  syscall write(com1, r1)
        dec r1
        jnz again
        syscall exit(0)
}
program slow {
        mov r2, 2000
spin:   dec r2
        jnz spin
        syscall write(com1, 9)
        syscall exit(0)
}
`;

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-run-output-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmdef run: console flood', () => {
    it('streams 1 MiB of the VM, says once that the rest is not shown, and the summary says what was dropped', () => {
        const r = run(['run', file('flood', FLOOD)]);
        expect(r.status).toBe(0);
        const note = "vmdef: VM 'a' wrote more than 1 MiB to its console; the rest is not shown here (see the summary)";
        expect(r.stdout.split(note).length).toBe(2);
        const [streamed, after] = r.stdout.split(note + '\n');
        expect(streamed).toBe(`${LINE}\n`.repeat(16));
        // 100 lines of 64 KiB and "end" written; the result keeps the last 1 MiB
        expect(after).toMatch(new RegExp(`^a: ${100 * 65_536 + 3 - (1 << 20)} bytes of console output dropped \\(the result keeps the last 1 MiB of each VM's console\\)$`, 'm'));
        expect(r.stdout.length).toBeLessThan((1 << 20) + 2000);
    });

    it('--json keeps the last 1 MiB with consoleDropped beside console', () => {
        const r = run(['run', '--json', file('flood-json', FLOOD)]);
        const [a] = JSON.parse(r.stdout).vms;
        expect(a.console.length).toBe(1 << 20);
        expect(a.console.endsWith(`${LINE}\nend`)).toBe(true);
        expect(a.consoleDropped).toBe(100 * 65_536 + 3 - (1 << 20));
        expect(r.stdout.length).toBeLessThan((1 << 20) + 10_000);
    });
});

describe('vmdef run --trace', () => {
    it('is in time order across pCPUs, names the pCPU of each line and the world switches', () => {
        const r = run(['run', '--trace', file('two', TWO)]);
        expect(r.status).toBe(0);
        const lines = r.stdout.split('\n').filter((l) => l.startsWith('['));
        const times = lines.map((l) => Number(/^\[(\d+)\]/.exec(l)![1]));
        for (let i = 1; i < times.length; i++) expect(times[i], lines[i]).toBeGreaterThanOrEqual(times[i - 1]);
        for (const line of lines) expect(line).toMatch(/^\[\d+\] pcpu[01] [ab]\/vcpu0: /);
        // each VM on its own pCPU, interleaved: b's first line comes after a's first ones
        expect(lines.filter((l) => / pcpu0 a\/vcpu0: /.test(l)).length).toBeGreaterThan(0);
        expect(lines.filter((l) => / pcpu1 b\/vcpu0: /.test(l)).length).toBeGreaterThan(0);
        const firstB = lines.findIndex((l) => l.includes(' b/vcpu0: '));
        const lastA = lines.map((l) => l.includes(' a/vcpu0: ')).lastIndexOf(true);
        expect(firstB).toBeLessThan(lastA);
        expect(lines).toContainEqual(expect.stringMatching(/ a\/vcpu0: hypervisor → host host linux io_write \(world switch\)$/));
        expect(lines).toContainEqual(expect.stringMatching(/ a\/vcpu0: hypervisor ← host host linux io_write \(world switch\)$/));
        expect(lines).toContainEqual(expect.stringMatching(/ a\/vcpu0: host → hardware hw io_write$/));
        // the consoles in the same order
        expect(r.stdout).toMatch(/^a\| 3$[\s\S]*^b\| 9$/m);
    });
});
