// The command line's manners, through the real bundled CLI: help on stdout with exit 0, the
// summary line of `check`, and ordinary bad input as one line with exit 2, never exit 3
// (issue 10 item 4, issue 11 item 11).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOURCE_CHARS } from '../../language/limits.js';
import { vmdef } from '../helpers/cli.js';

let dir: string;
const HELLO = path.resolve('examples/hello-type1.vmdef');

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-cli-'));
    fs.copyFileSync(HELLO, path.join(dir, 'hello.vmdef'));
    fs.writeFileSync(path.join(dir, 'hello.txt'), fs.readFileSync(HELLO));
    fs.writeFileSync(path.join(dir, 'binary.vmdef'), Buffer.from([0x68, 0x00, 0x69]));
    fs.writeFileSync(path.join(dir, 'huge.vmdef'), Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    execFileSync('mkfifo', [path.join(dir, 'pipe.vmdef')]);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('help', () => {
    it('vmdef --help, -h and help print the usage of every command on stdout and exit 0', () => {
        for (const args of [['--help'], ['-h'], ['help']]) {
            const r = vmdef(args);
            expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 0, stderr: '' });
            expect(r.stdout).toMatch(/^usage: vmdef check /m);
            expect(r.stdout).toMatch(/^ {7}vmdef run /m);
            expect(r.stdout).toMatch(/^ {7}vmdef report /m);
        }
    });

    it('vmdef COMMAND --help prints that command\'s options on stdout and exits 0', () => {
        const options: Record<string, string[]> = {
            check: ['--format text|json'],
            run: ['--json', '--trace', '--explain', '--max-cycles N', '--cost-preset NAME', '--engine fast|exact'],
            report: ['-o, --output FILE', '--theme auto|light|dark', '--max-cycles N'],
        };
        for (const [command, expected] of Object.entries(options)) {
            for (const args of [[command, '--help'], [command, 'x.vmdef', '-h'], ['help', command]]) {
                const r = vmdef(args);
                expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 0, stderr: '' });
                expect(r.stdout.startsWith(`usage: vmdef ${command} `)).toBe(true);
                for (const option of expected) expect(r.stdout).toContain(`  ${option}`);
            }
        }
    });

    it('no command is still a usage error: the usage on stderr, exit 2', () => {
        const r = vmdef([]);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^usage: vmdef check /);
    });
});

describe('vmdef check prints a summary line', () => {
    it('after a clean check: files, errors, warnings', () => {
        expect(vmdef(['check', HELLO])).toEqual({ status: 0, stdout: 'checked 1 file: 0 errors, 0 warnings\n', stderr: '' });
    });

    it('after the diagnostics, counting them', () => {
        const r = vmdef(['check', 'examples/overcommit.vmdef', HELLO]);
        expect(r.status).toBe(1);
        const lines = r.stdout.trimEnd().split('\n');
        const errors = lines.filter((l) => / error [\w-]+: /.test(l)).length;
        const warnings = lines.filter((l) => / warning [\w-]+: /.test(l)).length;
        expect(errors).toBeGreaterThan(0);
        expect(lines.at(-1)).toBe(`checked 2 files: ${errors} errors, ${warnings} warning${warnings === 1 ? '' : 's'}`);
    });

    it('but --format json stays one pure JSON array', () => {
        const r = vmdef(['check', '--format', 'json', HELLO]);
        expect(r).toEqual({ status: 0, stdout: '[]\n', stderr: '' });
    });
});

describe('ordinary bad input is exit 2 with one line, never an internal error', () => {
    const refused = (file: string, reason: string) => ({ status: 2, stdout: '', stderr: `vmdef: ${file}: ${reason}\n` });
    const NOT_REGULAR = 'not a regular file (a device, pipe or socket cannot be read as a source)';

    it('refuses a file without the .vmdef extension, named explicitly', () => {
        const txt = path.join(dir, 'hello.txt');
        expect(vmdef(['check', txt])).toEqual(refused(txt, 'not a .vmdef file (rename it to end in .vmdef to check it)'));
        expect(vmdef(['run', txt]).status).toBe(2);
    });

    it('refuses devices and named pipes without opening them (no hang on /dev/zero or a FIFO)', () => {
        for (const file of ['/dev/null', '/dev/zero', path.join(dir, 'pipe.vmdef')]) {
            expect(vmdef(['check', file], undefined, 20_000)).toEqual(refused(file, NOT_REGULAR));
        }
    });

    it('refuses binary and oversized files', () => {
        const binary = path.join(dir, 'binary.vmdef');
        const huge = path.join(dir, 'huge.vmdef');
        expect(vmdef(['check', binary])).toEqual(refused(binary, 'not a text file'));
        expect(vmdef(['check', huge])).toEqual(refused(huge, 'too large (16.0 MB; the limit is 16 MB)'));
    });

    it('a file over the source limit but under the read limit: file-too-large at 1:1, exit 1, for check and run', () => {
        // a definition with errors after the limit: none of them is reported, the file is not parsed
        const big = path.join(dir, 'big.vmdef');
        fs.writeFileSync(big, 'vm broken on nowhere\n'.repeat(Math.ceil((MAX_SOURCE_CHARS + 1) / 21)));
        const size = fs.statSync(big).size.toLocaleString('en-US');
        expect(vmdef(['check', big])).toEqual({
            status: 1, stderr: '',
            stdout: `${big}:1:1: error file-too-large: this file is too large to check (${size} characters; a file holds at most 2,621,440 characters): split it into several files of one folder\n`
                + 'checked 1 file: 1 error, 0 warnings\n',
        });
        const run = vmdef(['run', big]);
        expect(run.status).toBe(1);
        expect(run.stdout).toContain(`${big}:1:1: error file-too-large: `);
    });

    it('reads a file named twice, by any name, once', () => {
        const hello = path.join(dir, 'hello.vmdef');
        for (const args of [[hello, hello], [hello, path.join(dir, '.', 'hello.vmdef')], ['hello.vmdef', './hello.vmdef']]) {
            expect({ args, ...vmdef(['check', ...args], dir) }).toEqual({ args, status: 0, stdout: 'checked 1 file: 0 errors, 0 warnings\n', stderr: '' });
        }
        const run = vmdef(['run', '--json', hello, hello]);
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout).vms.map((vm: { name: string }) => vm.name)).toEqual(['web']);
    });

    it('reads a file named with its own folder once (the folder skips pipes and other non-files)', () => {
        const folder = fs.mkdtempSync(path.join(dir, 'folder-'));
        fs.copyFileSync(HELLO, path.join(folder, 'hello.vmdef'));
        execFileSync('mkfifo', [path.join(folder, 'fifo.vmdef')]);
        expect(vmdef(['check', path.join(folder, 'hello.vmdef'), folder], undefined, 20_000)).toEqual({
            status: 0, stdout: 'checked 1 file: 0 errors, 0 warnings\n', stderr: '',
        });
    });
});
