// The language server in Korean, over real JSON-RPC with the bundled server: the client's
// `locale` from `initialize`, or the setting `vmdef.language` (initializationOptions, then
// didChangeConfiguration) — diagnostics, hovers, quick-fix titles and inlay hints change
// language, codes and ranges never do; English stays exactly as before.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, Hover, InlayHint } from 'vscode-languageserver-protocol';
import { fileUri, LspClient } from '../helpers/lsp-client.js';

const HANGUL = /[\uac00-\ud7a3]/;

// Two VMs of 2 vCPUs and 4 GiB on a host with 2 pCPUs and 4 GiB; a jump to a label that is not there.
const MACHINE = `hardware small {
    cpu 2 cores
    memory 4 GiB
    device com1: serial
}

hypervisor esx: type1 on small

vm a: linux on esx { vcpus 2  memory 4 GiB  devices com1  run hello }
vm b: linux on esx { vcpus 2  memory 4 GiB  devices com1  run hello }

program hello {
        syscall write(com1, 1)
        jnz lop
        syscall exit(0)
}

program spare {
        nop
}
`;

// `mvo` is no instruction (read as a label without its colon); `nowhere` is no hypervisor.
const BROKEN = `program broken {
        mvo r1, r2
}

vm c: linux on nowhere
`;

const has = (code: string) => (list: Diagnostic[]) => list.some((d) => d.code === code);
const at = (text: string, needle: string, offset = 0) => {
    const line = text.split('\n').findIndex((l) => l.includes(needle));
    return { line, character: text.split('\n')[line].indexOf(needle) + offset };
};
/** Code, range and message of each diagnostic, in a stable order. */
const shape = (list: Diagnostic[]) => list.map((d) => ({ code: d.code, range: d.range, message: d.message }))
    .sort((a, b) => String(a.code).localeCompare(String(b.code)) || a.range.start.line - b.range.start.line);
const withoutMessages = (list: Diagnostic[]) => shape(list).map(({ code, range }) => ({ code, range }));
const find = (list: Diagnostic[], code: string) => list.find((d) => d.code === code)!;

async function start(folder: string, locale: string | undefined, initializationOptions?: unknown): Promise<LspClient> {
    const client = new LspClient({
        workspaceFolder: folder, locale,
        initializationOptions: { vmdef: { simulateOnSave: false, ...(initializationOptions as object) } },
    });
    await client.initialize();
    return client;
}

describe('the language server in Korean', () => {
    let folder: string;
    let machine: string;
    let broken: string;
    const clients: LspClient[] = [];

    beforeAll(() => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-ko-'));
        fs.writeFileSync(path.join(folder, 'machine.vmdef'), MACHINE);
        fs.writeFileSync(path.join(folder, 'broken.vmdef'), BROKEN);
        machine = fileUri(path.join(folder, 'machine.vmdef'));
        broken = fileUri(path.join(folder, 'broken.vmdef'));
    });

    afterAll(async () => {
        await Promise.all(clients.map((c) => c.stop()));
        fs.rmSync(folder, { recursive: true, force: true });
    });

    async function opened(locale: string | undefined, initializationOptions?: unknown) {
        const client = await start(folder, locale, initializationOptions);
        clients.push(client);
        await client.open(machine, MACHINE);
        await client.open(broken, BROKEN);
        const ofMachine = await client.diagnostics(machine, has('cpu-overcommit'));
        const ofBroken = await client.diagnostics(broken, has('syntax-error'));
        return { client, ofMachine, ofBroken };
    }

    it("locale 'ko': every diagnostic in Korean, with the codes and ranges of the English ones", async () => {
        const en = await opened('en');
        const ko = await opened('ko');
        expect(withoutMessages(ko.ofMachine)).toEqual(withoutMessages(en.ofMachine));
        expect(withoutMessages(ko.ofBroken)).toEqual(withoutMessages(en.ofBroken));
        expect(shape(en.ofMachine).map((d) => d.code)).toEqual(['cpu-overcommit', 'memory-overcommit', 'undefined-label']);
        expect(shape(en.ofBroken).map((d) => d.code)).toEqual(['syntax-error', 'unresolved-reference']);
        for (const d of [...ko.ofMachine, ...ko.ofBroken]) expect(d.message, String(d.code)).toMatch(HANGUL);

        // English exactly as before; Korean as a Korean engineer writes it
        expect(find(en.ofMachine, 'cpu-overcommit').message).toBe('CPU overcommit: 4 vCPUs on 2 usable pCPUs = 2:1; overcommit allowed: 1.0');
        expect(find(ko.ofMachine, 'cpu-overcommit').message).toBe('CPU 오버커밋: vCPU 4개 / 사용 가능한 pCPU 2개 = 2:1. 허용된 오버커밋 비율: 1.0');
        expect(find(ko.ofMachine, 'memory-overcommit').message).toBe('메모리 오버커밋: 8 GiB / 사용 가능한 4 GiB = 2:1. 허용된 오버커밋 비율: 1.0');
        expect(find(en.ofMachine, 'undefined-label').message).toBe("undefined label 'lop'");
        expect(find(ko.ofMachine, 'undefined-label').message).toBe("정의되지 않은 레이블 'lop'");
        expect(find(en.ofBroken, 'syntax-error').message).toBe('`mvo` is not an instruction; did you mean `mov`? (a label would need `:` after it)');
        expect(find(ko.ofBroken, 'syntax-error').message).toBe('`mvo`은(는) 명령어가 아닙니다. 혹시 `mov`인가요? (레이블이라면 뒤에 `:`가 있어야 합니다)');
        expect(find(en.ofBroken, 'unresolved-reference').message).toBe("Could not resolve reference to Hypervisor or Hardware named 'nowhere'.");
        expect(find(ko.ofBroken, 'unresolved-reference').message).toBe("하이퍼바이저 또는 하드웨어 'nowhere'을(를) 찾을 수 없습니다");
        // related information (the VMs of an overcommitted host) too
        expect(find(ko.ofMachine, 'cpu-overcommit').relatedInformation?.map((r) => r.message)).toEqual(["VM 'a': vCPU 2개, 4 GiB", "VM 'b': vCPU 2개, 4 GiB"]);
    });

    it("hovers, quick-fix titles and inlay hints in Korean; in English as before", async () => {
        const [en, ko] = [clients[0], clients[1]];
        const hover = async (client: LspClient, position: { line: number; character: number }) =>
            ((await client.request<Hover>('textDocument/hover', { textDocument: { uri: machine }, position })).contents as { value: string }).value;
        expect(await hover(ko, at(MACHINE, 'jnz', 1))).toMatch(/^\*\*jnz\*\* — 0이 아니면 점프\n\nCPU에서 직접 실행됩니다/);
        expect(await hover(en, at(MACHINE, 'jnz', 1))).toMatch(/^\*\*jnz\*\* — jump if not zero\n\nRuns directly on the CPU/);
        expect(await hover(ko, at(MACHINE, 'type1', 1))).toMatch(/^\*\*type1\*\* — Type 1\(네이티브, 베어메탈\): 호스트 OS 없이/);
        expect(await hover(ko, at(MACHINE, 'esx:', 1))).toMatch(/^\*\*hypervisor esx\*\*: Type 1\(베어메탈\), full 가상화\n- pCPU: 2개 중 2개 사용 가능/);
        expect(await hover(ko, at(MACHINE, 'syscall write', 9))).toMatch(/^\*\*syscall write\*\* — VM의 OS 커널로 진입합니다:\n- OS `linux`: `write\(dev, value\)` \(표준 라이브러리\)/);

        const overcommit = (list: Diagnostic[]) => find(list, 'cpu-overcommit');
        const titles = async (client: LspClient) => {
            const diagnostic = overcommit(await client.diagnostics(machine, has('cpu-overcommit')));
            const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
                textDocument: { uri: machine }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
            });
            return actions.map((a) => a.title);
        };
        expect(await titles(ko)).toEqual(['CPU 오버커밋을 2.0:1까지 허용']);
        expect(await titles(en)).toEqual(['Allow CPU overcommit up to 2.0:1']);

        const hints = async (client: LspClient) => (await client.request<InlayHint[]>('textDocument/inlayHint', {
            textDocument: { uri: machine }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
        })).map((h) => h.label);
        expect(await hints(ko)).toEqual(['pCPU 2개 · 4 GiB 사용 가능']);
        expect(await hints(en)).toEqual(['2 pCPUs · 4 GiB usable']);
    });

    it('simulate-on-save gives a guest fault with its reason in Korean', async () => {
        const faulting = `hardware pc { cpu 1 cores memory 1 GiB device com1: serial }
hypervisor hv: type1 on pc { virtualization full }
vm app: linux on hv { vcpus 1 memory 64 MiB devices com1 run bad }
program bad {
    mov r1, 1
    cli
    syscall exit(0)
}
`;
        const own = fs.mkdtempSync(path.join(os.tmpdir(), 'vmdef-ko-save-'));
        try {
            fs.writeFileSync(path.join(own, 'fault.vmdef'), faulting);
            const uri = fileUri(path.join(own, 'fault.vmdef'));
            const client = await start(own, 'ko', { simulateOnSave: true });
            clients.push(client);
            await client.open(uri, faulting);
            await client.diagnostics(uri);
            const next = client.nextDiagnostics(uri, has('guest-fault'));
            await client.save(uri);
            const fault = find(await next, 'guest-fault');
            expect(fault.message).toBe("VM 'app'에서 폴트 발생: #GP: 사용자 모드에서 특권 명령 'cli' 실행");
            expect(fault.range.start).toEqual({ line: 5, character: 4 });
        } finally {
            fs.rmSync(own, { recursive: true, force: true });
        }
    });

    it('vmdef.language overrides the locale, and a change rewrites every diagnostic, on-save ones included', async () => {
        // the client's display language is English; the setting asks for Korean from the start
        const { client, ofMachine, ofBroken } = await opened('en-US', { language: 'ko' });
        expect(find(ofMachine, 'cpu-overcommit').message).toMatch(/^CPU 오버커밋: /);
        expect(find(ofBroken, 'syntax-error').message).toMatch(HANGUL);
        await client.save(machine);
        const saved = await client.nextDiagnostics(machine, has('unused-declaration'));
        expect(find(saved, 'unused-declaration').message).toBe("프로그램 'spare'을(를) 실행하는 VM이 없습니다");

        // `auto`: the client's language again — the syntax error is worded anew, the on-save check runs again
        const english = (list: Diagnostic[]) => !list.some((d) => HANGUL.test(d.message));
        const nextMachine = client.nextDiagnostics(machine, (list) => has('unused-declaration')(list) && english(list));
        const nextBroken = client.nextDiagnostics(broken, (list) => has('syntax-error')(list) && english(list));
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmdef: { language: 'auto', simulateOnSave: false } } });
        const [machineEn, brokenEn] = await Promise.all([nextMachine, nextBroken]);
        expect(withoutMessages(machineEn)).toEqual(withoutMessages(saved));
        expect(find(machineEn, 'unused-declaration').message).toBe("program 'spare' is not run by any VM");
        expect(find(brokenEn, 'syntax-error').message).toBe('`mvo` is not an instruction; did you mean `mov`? (a label would need `:` after it)');
        expect(withoutMessages(brokenEn)).toEqual(withoutMessages(ofBroken));

        // and back to Korean
        const korean = (list: Diagnostic[]) => list.length > 0 && list.every((d) => HANGUL.test(d.message));
        const again = client.nextDiagnostics(broken, (list) => has('syntax-error')(list) && korean(list));
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmdef: { language: 'ko', simulateOnSave: false } } });
        expect(withoutMessages(await again)).toEqual(withoutMessages(ofBroken));
    });
});
