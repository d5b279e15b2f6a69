// One folder, one system (issue 11, item 10; language/systems.ts): the files of a folder see
// each other's declarations and their names are unique among them; files in another folder
// (a subfolder too) are a separate system. Variants of a definition live in sibling folders.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, expectClean, expectDiagnostic, rangeOf } from './check-helper.js';

const BEFORE = `hardware rack { cpu 8 cores memory 32 GiB device com1: serial }
hypervisor xen: type1 on rack { reserve 1 cpus, 2 GiB }
vm web: linux on xen { vcpus 4 memory 4 GiB devices com1 run hello }
program hello {
    syscall write(com1, "before\\n")
    syscall exit(0)
}
`;
const AFTER = `hardware rack { cpu 8 cores memory 32 GiB device com1: serial }
hypervisor xen: type1 on rack { reserve 1 cpus, 2 GiB overcommit cpu 3.0 }
vm web: linux on xen { vcpus 4 memory 4 GiB devices com1 run hello }
vm db: linux on xen { vcpus 6 memory 4 GiB devices com1 run hello }
vm cache: linux on xen { vcpus 6 memory 4 GiB devices com1 run hello }
program hello {
    syscall write(com1, "after\\n")
    syscall exit(0)
}
`;

const VARIANTS = '; to keep two variants of a definition side by side, put each in its own folder (every folder is a separate system)';

describe('one folder, one system', () => {
    it('variants in sibling folders check on their own: no duplicate, no overcommit summed across them', async () => {
        const checked = await check({ 'lab/before/lab.vmdef': BEFORE, 'lab/after/lab.vmdef': AFTER });
        expectClean({ ...checked, diagnostics: { before: checked.diagnostics['lab/before/lab.vmdef'] } });
        const after = checked.diagnostics['lab/after/lab.vmdef'];
        expect(after.map((d) => [d.code, d.message])).toEqual([['cpu-overcommit-allowed',
            'CPU overcommitted within the allowed ratio: 16 vCPUs on 7 usable pCPUs = 2.29:1; overcommit allowed: 3.0 (8 pCPUs − 1 reserved by the hypervisor)']]);
    });

    it('variants in one folder: duplicate-name on each repeated name, saying how to separate them, and nothing else', async () => {
        const checked = await check({ 'lab/before.vmdef': BEFORE, 'lab/after.vmdef': AFTER });
        const found = checked.diagnostics['lab/after.vmdef'].filter((d) => d.severity === 1);
        expect(found.map((d) => d.code)).toEqual(['duplicate-name', 'duplicate-name', 'duplicate-name', 'duplicate-name']);
        expect(found.map((d) => d.range)).toEqual([rangeOf(AFTER, 'rack'), rangeOf(AFTER, 'xen'), rangeOf(AFTER, 'web'), rangeOf(AFTER, 'hello', 3)]);
        expect(found[0].message).toBe(`'rack' is already declared (hardware at before.vmdef:1); names of hardware, hypervisors, VMs, programs and OSes are unique among the files of a folder${VARIANTS}`);
        expect(found[0].relatedInformation?.[0].location.uri).toMatch(/\/lab\/before\.vmdef$/);
        // each file's references stay in the file: after's VMs are counted on after's hypervisor only
        expectClean({ ...checked, diagnostics: { before: checked.diagnostics['lab/before.vmdef'] } });
        expect(checked.diagnostics['lab/after.vmdef'].filter((d) => d.code !== 'duplicate-name').map((d) => d.message))
            .toEqual(['CPU overcommitted within the allowed ratio: 16 vCPUs on 7 usable pCPUs = 2.29:1; overcommit allowed: 3.0 (8 pCPUs − 1 reserved by the hypervisor)']);
    });

    it('a name declared twice in one file: duplicate-name without the advice about folders', async () => {
        const text = `${BEFORE}program hello {\n    syscall exit(1)\n}\n`;
        const d = expectDiagnostic(await check(text), 'duplicate-name', 'error', 'hello', { occurrence: 2 });
        expect(d.message).toBe("'hello' is already declared (program at main.vmdef:4); names of hardware, hypervisors, VMs, programs and OSes are unique among the files of a folder");
    });

    it('a split workspace in one folder links; across folders it does not', async () => {
        const [host, vms] = [BEFORE.split('vm web')[0], `vm web: linux on xen { devices com1 run hello }\n${BEFORE.slice(BEFORE.indexOf('program'))}`];
        expectClean(await check({ 'lab/host.vmdef': host, 'lab/vms.vmdef': vms }));
        const apart = await check({ 'lab/host.vmdef': host, 'lab/vms/vms.vmdef': vms });
        expectDiagnostic(apart, 'unresolved-reference', 'error', 'xen', { file: 'lab/vms/vms.vmdef' });
    });

    it('a hypercall handled by a monitor of another folder is unknown here', async () => {
        const hv = 'hardware pc { cpu 2 cores memory 4 GiB device com1: serial }\nhypervisor hv: type1 on pc { virtualization para }\n';
        const monitor = 'monitor para {\n    on my_call(value) {\n        hw io_write(value, value)\n    }\n}\n';
        const user = `${hv}vm k on hv { run kern }\nprogram kern {\n    hypercall my_call(1)\n}\n`;
        expectClean(await check({ 'a/monitor.vmdef': monitor, 'a/main.vmdef': user }).then((c) => ({ ...c, diagnostics: { main: c.diagnostics['a/main.vmdef'].filter((d) => d.severity === 1) } })));
        const apart = await check({ 'a/monitor.vmdef': monitor, 'b/main.vmdef': user });
        const d = expectDiagnostic(apart, 'unknown-hypercall', 'error', 'hypercall my_call(1)', { file: 'b/main.vmdef' });
        expect(d.message).not.toContain('my_call,');
    });

    it('vmdef check DIR checks each folder as its own system; run and report refuse several at once, and run one folder', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-systems-'));
        const cli = (...args: string[]) => spawnSync(process.execPath, [path.resolve(__dirname, '../../out/cli.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
        try {
            fs.mkdirSync(path.join(dir, 'lab', 'before'), { recursive: true });
            fs.mkdirSync(path.join(dir, 'lab', 'after'));
            fs.writeFileSync(path.join(dir, 'lab', 'before', 'lab.vmdef'), BEFORE);
            fs.writeFileSync(path.join(dir, 'lab', 'after', 'lab.vmdef'), AFTER);
            const checked = cli('check', path.join(dir, 'lab'));
            expect(checked.status).toBe(0);
            expect(checked.stdout).not.toContain(': error ');
            expect(checked.stdout).toMatch(/checked 2 files: 0 errors, 0 warnings\n$/);
            for (const command of ['run', 'report']) {
                const refused = cli(command, path.join(dir, 'lab'), ...(command === 'report' ? ['-o', path.join(dir, 'r.html')] : []));
                expect(refused.status).toBe(2);
                expect(refused.stderr).toBe(`vmdef: ${command}: these files are 2 separate systems, one per folder (lab/after, lab/before); ${command} one folder at a time\n`);
            }
            const ran = cli('run', path.join(dir, 'lab', 'after'));
            expect(ran.status).toBe(0);
            expect(ran.stdout).toContain('cache| after');
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 120_000);
});
