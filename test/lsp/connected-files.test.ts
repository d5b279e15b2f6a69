// `vmdef/connectedFiles` over the bundled server on stdio: the files a file's machines are made
// of, found by references either way, from a folder the client never opened a file of.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestConnectedFiles } from '../../extension/connected-files.js';
import { fileUri, LspClient, REPO_ROOT, SERVER_BUNDLE } from '../helpers/lsp-client.js';

const CONNECTED_FILES = 'vmdef/connectedFiles';

// The VM's hypervisor and hardware are in host.vmdef; its program is beside it.
const HOST = `hardware rack {
    cpu 4 cores
    memory 8 GiB
    device com1: serial
}

hypervisor esx: type1 on rack
`;

const GUEST = `vm web: linux on esx {
    vcpus 1
    memory 1 GiB
    devices com1
    run hello
}

program hello {
    syscall write(com1, "hi\\n")
    syscall exit(0)
}
`;

// A machine of its own, sharing nothing with the two above.
const OTHER = `hardware lab {
    cpu 2 cores
    memory 4 GiB
    device com2: serial
}

hypervisor kvm: type2 on lab { host linux }

vm test: linux on kvm {
    vcpus 1
    memory 1 GiB
    run idle
}

program idle {
    syscall exit(0)
}
`;

describe('vmdef/connectedFiles over stdio', () => {
    let folder: string;
    let client: LspClient;
    const file = (name: string) => path.join(folder, name);

    beforeAll(async () => {
        if (!fs.existsSync(SERVER_BUNDLE)) execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT });
        folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-connected-')));
        // written in an order that is not the alphabetical one the server reads the folder in
        fs.writeFileSync(file('b-guest.vmdef'), GUEST);
        fs.writeFileSync(file('a-host.vmdef'), HOST);
        fs.writeFileSync(file('c-other.vmdef'), OTHER);
        client = new LspClient({ workspaceFolder: folder });
        await client.initialize();
    });

    afterAll(async () => {
        await client?.stop();
        fs.rmSync(folder, { recursive: true, force: true });
    });

    it('the VM file: itself first, then the file of its hypervisor; the unrelated file is left out', async () => {
        const files = await client.request<string[]>(CONNECTED_FILES, { uri: fileUri(file('b-guest.vmdef')) });
        expect(files).toEqual([file('b-guest.vmdef'), file('a-host.vmdef')]);
    });

    it('the hypervisor file: the VMs that run on it are connected too (references the other way)', async () => {
        const files = await client.request<string[]>(CONNECTED_FILES, { uri: fileUri(file('a-host.vmdef')) });
        expect(files).toEqual([file('a-host.vmdef'), file('b-guest.vmdef')]);
    });

    it('a file that shares nothing: just that file', async () => {
        const files = await client.request<string[]>(CONNECTED_FILES, { uri: fileUri(file('c-other.vmdef')) });
        expect(files).toEqual([file('c-other.vmdef')]);
    });

    it('follows the open editor: once the VM moves to the other hypervisor, the files it connects change', async () => {
        const uri = fileUri(file('b-guest.vmdef'));
        await client.open(uri, GUEST);
        await client.change(uri, GUEST.replace('on esx', 'on kvm'));
        const files = await client.request<string[]>(CONNECTED_FILES, { uri });
        expect(files).toEqual([file('b-guest.vmdef'), file('c-other.vmdef')]);
        await client.change(uri, GUEST);
        expect(await client.request<string[]>(CONNECTED_FILES, { uri })).toEqual([file('b-guest.vmdef'), file('a-host.vmdef')]);
    });

    it('the extension\'s request (extension/connected-files.ts) over the same connection gets the same answer', async () => {
        const uri = fileUri(file('a-host.vmdef'));
        expect(await requestConnectedFiles(client.connection, file('a-host.vmdef'), uri)).toEqual({ files: [file('a-host.vmdef'), file('b-guest.vmdef')] });
    });

    it('simulate on save (connected files, server/connected-files.ts): a fault of a VM whose hypervisor is in the other file is reported on the saved file', async () => {
        const uri = fileUri(file('b-guest.vmdef'));
        const faulting = GUEST.replace('    syscall write(com1, "hi\\n")', '    cli');
        await client.open(uri, faulting);
        await client.change(uri, faulting);
        await client.diagnostics(uri, (d) => !d.some((x) => x.severity === 1));
        const next = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'guest-fault'));
        await client.save(uri);
        const fault = (await next).find((d) => d.code === 'guest-fault')!;
        expect(fault.range.start.line).toBe(faulting.split('\n').indexOf('    cli'));
        expect(fault.message).toMatch(/^VM 'web' faulted: #GP/);
        await client.change(uri, GUEST);
    });

    it('files opened from outside the folder, asked about at once: the request waits for the build their didOpen started', async () => {
        const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-connected-outside-')));
        try {
            const host = path.join(outside, 'x-host.vmdef');
            const guest = path.join(outside, 'x-guest.vmdef');
            const hostText = HOST.replace(/rack/g, 'bench').replace('esx', 'xen');
            const guestText = GUEST.replace('vm web', 'vm api').replace('on esx', 'on xen').replace(/hello/g, 'hello2');
            fs.writeFileSync(host, hostText);
            fs.writeFileSync(guest, guestText);
            await client.open(fileUri(host), hostText);
            await client.open(fileUri(guest), guestText);
            expect(await client.request<string[]>(CONNECTED_FILES, { uri: fileUri(guest) })).toEqual([guest, host]);
        } finally {
            fs.rmSync(outside, { recursive: true, force: true });
        }
    });

    it('documents of a virtual file system (VS Code for the Web): URIs when asked (`uris`), else only `file:` paths', async () => {
        const host = 'vscode-vfs://github/owner/repo/y-host.vmdef';
        const guest = 'vscode-vfs://github/owner/repo/y-guest.vmdef';
        await client.open(host, HOST.replace(/rack/g, 'shelf').replace('esx', 'hv_web'));
        await client.open(guest, GUEST.replace('vm web', 'vm site').replace('on esx', 'on hv_web').replace(/hello/g, 'hello3'));
        expect(await client.request<string[]>(CONNECTED_FILES, { uri: guest, uris: true })).toEqual([guest, host]);
        // the desktop's answer: paths of `file:` documents only (the CLI cannot read the others)
        expect(await client.request<string[]>(CONNECTED_FILES, { uri: guest })).toEqual(['/owner/repo/y-guest.vmdef']);
        expect(await requestConnectedFiles(client.connection, guest, guest, 5_000, undefined, true)).toEqual({ files: [guest, host] });
    });

    it('a file the server does not know: just that file, and the server stays up', async () => {
        const unknown = file('not-there.vmdef');
        expect(await client.request<string[]>(CONNECTED_FILES, { uri: fileUri(unknown) })).toEqual([unknown]);
        expect(client.alive).toBe(true);
        expect(client.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    });
});
