// `vmdef run` in process: console output, summary, --json, --trace, --max-cycles, errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vmdefInProcess } from '../helpers/cli-in-process.js';

const EXAMPLES = path.resolve(__dirname, '../../examples');

const cli = vmdefInProcess;

function temp(text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-run-')), 'test.vmdef');
    fs.writeFileSync(file, text);
    return file;
}

describe('vmdef run', () => {
    it('prints the console of a single VM as it is, then a summary table', async () => {
        const r = await cli(['run', path.join(EXAMPLES, 'hello-type1.vmdef')]);
        expect(r.status).toBe(0);
        expect(r.stdout.startsWith('3\n2\n1\nliftoff\n\n')).toBe(true);
        expect(r.stdout).toMatch(/^vm\s+hypervisor\s+status\s+instructions\s+guest\s+kernel\s+hypervisor\s+host\s+waiting\s+total \(all vCPUs\)\s+exits$/m);
        // 17 instructions of the program and its syscalls, 2,566 of linux's boot building its page
        // tables (LANGUAGE.md §11), whose lcr3 traps (cr)
        expect(r.stdout).toMatch(/^web\s+hv\s+halted\s+2583\s.*cr 1, io 4, hlt 1$/m);
    });

    it('labels the per-VM total (all vCPUs) and the elapsed host time so neither reads as the other', async () => {
        const r = await cli(['run', '--json', path.join(EXAMPLES, 'popek-goldberg.vmdef')]);
        const json = JSON.parse(r.stdout);
        const text = (await cli(['run', path.join(EXAMPLES, 'popek-goldberg.vmdef')])).stdout.trimEnd().split('\n');
        expect(text.at(-1)).toBe(`elapsed: ${json.cycles} host cycles (wall-clock time of the run; a VM's total adds up its vCPUs)`);
        expect(text.find((l) => l.startsWith('vm '))).toMatch(/ total \(all vCPUs\) /);
    });

    it('prefixes console lines with the VM name when there are several VMs', async () => {
        const r = await cli(['run', path.join(EXAMPLES, 'popek-goldberg.vmdef')]);
        expect(r.status).toBe(0);
        expect(r.stdout).toContain('broken| ok\n');
        expect(r.stdout).toContain('fixed| ok\n');
        expect(r.stdout).toContain('broken: 2 fidelity violation(s)');
    });

    it('--json prints one object with the LANGUAGE.md §8 fields', async () => {
        const r = await cli(['run', '--json', path.join(EXAMPLES, 'hello-type1.vmdef')]);
        const json = JSON.parse(r.stdout);
        expect(Object.keys(json)).toEqual(expect.arrayContaining(['cycles', 'vms']));
        const [web] = json.vms;
        expect(web).toMatchObject({ name: 'web', hypervisor: 'hv', status: 'halted', console: '3\n2\n1\nliftoff\n', exits: { io: 4, hlt: 1 }, hypercalls: {} });
        expect(Object.keys(web.cycles)).toEqual(['guest', 'kernel', 'hypervisor', 'host', 'waiting', 'total']);
        expect(json.cycles).toBe(web.cycles.total);
    });

    it('--trace prints every layer transition with its cycle time', async () => {
        const r = await cli(['run', '--trace', path.join(EXAMPLES, 'hello-type1.vmdef')]);
        const all = r.stdout.split('\n').filter((l) => l.startsWith('['));
        // after linux's boot (its lcr3 traps: load_cr3)
        expect(all[0]).toMatch(/^\[\d+\] pcpu0 web\/vcpu0: kernel → hypervisor trap load_cr3$/);
        const lines = all.slice(all.findIndex((l) => l.includes('syscall write')));
        expect(lines[0]).toMatch(/^\[\d+\] pcpu0 web\/vcpu0: guest → kernel syscall write$/);
        expect(lines[1]).toMatch(/^\[\d+\] pcpu0 web\/vcpu0: kernel → hypervisor trap io_out$/);
        expect(lines[2]).toMatch(/^\[\d+\] pcpu0 web\/vcpu0: hypervisor → hardware hw emulate$/);
        expect(lines[3]).toMatch(/^\[\d+\] pcpu0 web\/vcpu0: hypervisor ← hardware hw emulate$/);
    });

    it('--max-cycles stops a runaway guest with status limit', async () => {
        const file = temp('hardware b { cpu 1 cores memory 1 GiB }\nhypervisor hv: type1 on b\nvm v on hv { run spin }\nprogram spin {\nloop: jmp loop\n}\n');
        const r = await cli(['run', '--json', '--max-cycles', '5000', file]);
        const json = JSON.parse(r.stdout);
        expect(json.vms[0].status).toBe('limit');
        expect(json.cycles).toBe(5000);
    });

    it('a file with errors prints its diagnostics like check and exits 1', async () => {
        const r = await cli(['run', path.join(EXAMPLES, 'overcommit.vmdef')]);
        expect(r.status).toBe(1);
        expect(r.stdout).toMatch(/overcommit\.vmdef:\d+:\d+: error cpu-overcommit: /);
    });

    it('--engine exact (the reference interpreter) gives the same JSON as the default fast engine', async () => {
        for (const name of ['type1-vs-type2.vmdef', 'popek-goldberg.vmdef']) {
            const file = path.join(EXAMPLES, name);
            const fast = await cli(['run', '--json', file]);
            const exact = await cli(['run', '--json', '--engine', 'exact', file]);
            expect(exact.stdout, name).toBe(fast.stdout);
        }
        expect((await cli(['run', '--engine', 'turbo', 'x.vmdef'])).stderr).toMatch(/--engine is fast or exact/);
    });

    it('bad options are one-line usage errors', async () => {
        expect((await cli(['run', '--max-cycles', 'lots', 'x.vmdef'])).stderr).toMatch(/--max-cycles needs a positive whole number/);
        expect((await cli(['run'])).status).toBe(2);
        expect((await cli(['run', '--bogus', 'x'])).stderr).toMatch(/unknown option --bogus/);
    });
});

describe('vmdef run --cost-preset', () => {
    it('prices hypervisors that name no preset with the one given, and refuses an unknown one', async () => {
        const modern = JSON.parse((await cli(['run', '--json', 'examples/hello-type1.vmdef'])).stdout);
        const p4 = JSON.parse((await cli(['run', '--json', '--cost-preset', 'p4_2006', 'examples/hello-type1.vmdef'])).stdout);
        expect(modern.vms[0].console).toBe(p4.vms[0].console);
        expect(p4.vms[0].cycles.hypervisor).toBeGreaterThan(modern.vms[0].cycles.hypervisor);
        const bad = await cli(['run', '--cost-preset', 'nope', 'examples/hello-type1.vmdef']);
        expect(bad.status).toBe(1);
        expect(bad.stderr).toBe("vmdef: unknown cost preset 'nope' (there are: modern, p4_2006)\n");
    });
});
