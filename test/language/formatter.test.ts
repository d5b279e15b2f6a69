import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormattingOptions, Range } from 'vscode-languageserver';
import { URI } from 'langium';
import { stdlibFiles } from '../../language/stdlib.js';
import { PROJECT_ROOT, sharedExamplesDir, vmdefFilesUnder } from '../examples/annotations.js';
import { createLspServices } from '../../language/lsp/lsp-module.js';

const OPTIONS: FormattingOptions = { tabSize: 4, insertSpaces: true };
const services = createLspServices();
let counter = 0;

async function edits(text: string, range?: Range, options = OPTIONS) {
    // Formatting needs only the parse: no workspace, no linking.
    const doc = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/fmt/f${counter++}.vmdef`));
    const formatter = services.lsp.Formatter!;
    const params = { textDocument: { uri: doc.uri.toString() }, options };
    return range ? formatter.formatDocumentRange(doc, { ...params, range }) : formatter.formatDocument(doc, params);
}

async function format(text: string, range?: Range, options = OPTIONS): Promise<string> {
    return TextDocument.applyEdits(TextDocument.create('file:///x.vmdef', 'vmdef', 1, text), await edits(text, range, options));
}

// The house style: the shared examples (when ../shared exists), the project's examples, the stdlib.
const houseStyle = [...vmdefFilesUnder(sharedExamplesDir() ?? ''), ...vmdefFilesUnder(path.join(PROJECT_ROOT, 'examples')), ...stdlibFiles()];

describe('formatter', () => {
    it.each(houseStyle)('leaves %s unchanged', async (file) => {
        const text = fs.readFileSync(file, 'utf8');
        expect(await edits(text)).toEqual([]);
    });
});

const MESSY = `// header comment
hardware h { cpu 2 cores memory 4 GiB device com1 : serial device d0:disk{size 10 GiB} }
hypervisor   hv :type1 on h {virtualization para reserve 1 cpus,2 GiB scheduler credit { timeslice 30 ms }}
vm web:linux on hv{vcpus 2 memory 1 GiB devices com1,d0 run p}
program p {
  mov r1,3
      loop: syscall write( com1 , r1 )   // print
  dec r1 jnz loop
 load r2, [ r1 ]
    mov r3, -1
   hlt
}
os tiny {
syscall ping(dev) { out dev, 1 }
   // the driver side
 on halt() { hw halt() }
}
`;

const FORMATTED = `// header comment
hardware h {
    cpu 2 cores
    memory 4 GiB
    device com1: serial
    device d0: disk { size 10 GiB }
}

hypervisor hv: type1 on h {
    virtualization para
    reserve 1 cpus, 2 GiB
    scheduler credit { timeslice 30 ms }
}

vm web: linux on hv {
    vcpus 2
    memory 1 GiB
    devices com1, d0
    run p
}

program p {
        mov r1, 3
loop:   syscall write(com1, r1)   // print
        dec r1
        jnz loop
        load r2, [r1]
        mov r3, -1
        hlt
}

os tiny {
    syscall ping(dev) {
        out dev, 1
    }
    // the driver side
    on halt() {
        hw halt()
    }
}
`;

describe('formatter on messy input', () => {
    it('lays it out in the house style', async () => {
        expect(await format(MESSY)).toBe(FORMATTED);
    });
});

describe('formatter guarantees', () => {
    it('is idempotent: formatting its own output changes nothing', async () => {
        const once = await format(MESSY);
        expect(await edits(once)).toEqual([]);
        for (const file of houseStyle) {
            const text = fs.readFileSync(file, 'utf8');
            expect(await format(await format(text))).toBe(text);
        }
    });

    it('keeps every comment: a trailing one at its column, an own-line one indented like what follows', async () => {
        const text = 'vm v on hv {   /* opening */\nvcpus 1        // one\n        /* block\n   comment */ memory 1 GiB\n}\n// the end\n';
        const out = await format(text);
        // A property after a block comment still starts its own line.
        expect(out).toBe('vm v on hv {   /* opening */\n    vcpus 1        // one\n    /* block\n   comment */\n    memory 1 GiB\n}\n// the end\n');
        for (const comment of ['/* opening */', '// one', '/* block\n   comment */', '// the end']) expect(out).toContain(comment);
    });

    it('expands a one-line hardware block and keeps small nested blocks written multi-line as blocks', async () => {
        expect(await format('hardware h { cpu 2 cores memory 4 GiB }')).toBe('hardware h {\n    cpu 2 cores\n    memory 4 GiB\n}\n');
        const nested = 'hypervisor hv: type1 on h {\nscheduler credit {\ntimeslice 30 ms }\n}\n';
        expect(await format(nested)).toBe('hypervisor hv: type1 on h {\n    scheduler credit {\n        timeslice 30 ms\n    }\n}\n');
    });

    it('gives a hardware\'s costs line and a device\'s input lines their own lines (native hosts, §12 inputs)', async () => {
        // Regression: `costs` after a device was glued onto the device's line, and a device's
        // `input` entries in a multi-line block kept whatever indentation they had.
        const hw = 'hardware h { cpu 1 cores device com1: serial costs p4_2006 }';
        expect(await format(hw)).toBe('hardware h {\n    cpu 1 cores\n    device com1: serial\n    costs p4_2006\n}\n');
        const input = 'hardware h {\ndevice com1: serial {\ninput "a"\n      input at 2 ms "b" }\n}\n';
        expect(await format(input)).toBe('hardware h {\n    device com1: serial {\n        input "a"\n        input at 2 ms "b"\n    }\n}\n');
        expect(await format('hardware h { device com1: serial { input "a" } }')).toBe('hardware h {\n    device com1: serial { input "a" }\n}\n');
    });

    it('gives each expect line of a VM its own line, its path and status written as one word', async () => {
        const vm = 'vm v on hv { run p expect status host - failed expect exits . io <= 3 expect cycles.hypervisor<10 % expect faithful }';
        expect(await format(vm)).toBe(
            'vm v on hv {\n    run p\n    expect status host-failed\n    expect exits.io <= 3\n    expect cycles.hypervisor < 10%\n    expect faithful\n}\n');
    });

    it('puts labels at column 0: a long label keeps its own line, a label on an instruction line keeps it', async () => {
        const text = 'monitor para {\non sched_op(cmd, arg) {\ncmp cmd, 2\nje shutdown\n  shutdown:\n hw shutdown(arg)\n}\n}\nprogram q { a_long_label: nop jmp a_long_label }\n';
        expect(await format(text)).toBe(
            'monitor para {\n    on sched_op(cmd, arg) {\n        cmp cmd, 2\n        je shutdown\nshutdown:\n        hw shutdown(arg)\n    }\n}\n\n' +
            'program q {\na_long_label: nop\n        jmp a_long_label\n}\n');
    });

    it('keeps Windows line ends', async () => {
        expect(await format('program p {\r\nnop\r\n}\r\n')).toBe('program p {\r\n    nop\r\n}\r\n');
    });

    it('formats only the lines of a range', async () => {
        const text = 'program a {\nnop\n}\nprogram b {\nnop\n}\n';
        const range = { start: { line: 3, character: 0 }, end: { line: 5, character: 1 } };
        expect(await format(text, range)).toBe('program a {\nnop\n}\nprogram b {\n    nop\n}\n');
    });

    it('returns no edits for a document with a syntax error, and formats a range before the error', async () => {
        const broken = 'program a {\nnop\n}\nprogram b { mov r1, }\nvm v on { vcpus }\n';
        expect(await edits(broken)).toEqual([]);
        const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } };
        expect(await format(broken, range)).toBe('program a {\n    nop\n}\nprogram b { mov r1, }\nvm v on { vcpus }\n');
        for (const text of ['program', 'hardware h { cpu', '}}}', 'program p { mov r1 }', '"unterminated', '']) {
            const result = await edits(text);
            expect(result).toEqual([]);
        }
    });
});

describe('formatter on half-typed text', () => {
    it('never throws and only ever changes whitespace, on every prefix of the examples', async () => {
        const squash = (s: string) => s.replace(/\s+/g, '');
        for (const file of houseStyle.slice(0, 5)) {
            const full = fs.readFileSync(file, 'utf8').replace(/^[ ]+/gm, (m) => m.slice(0, 1)); // un-indent: give the formatter work
            for (let cut = 0; cut < full.length; cut += 23) {
                const text = full.slice(0, cut);
                const lines = text.split('\n').length;
                const whole = await format(text);
                const firstHalf = await format(text, { start: { line: 0, character: 0 }, end: { line: Math.floor(lines / 2), character: 0 } });
                expect(squash(whole)).toBe(squash(text));
                expect(squash(firstHalf)).toBe(squash(text));
            }
        }
    });
});

describe("formatter with the client's FormattingOptions", () => {
    const SOURCE = `hardware h { cpu 2 cores memory 4 GiB }
os tiny { syscall ping(dev) { out dev, 1 } }
program p {
    mov r1, 3
loop: dec r1
    jnz loop
}
`;

    it('indents blocks by tabSize; a label keeps its instruction on column 8', async () => {
        expect(await format(SOURCE, undefined, { tabSize: 2, insertSpaces: true })).toBe(`hardware h {
  cpu 2 cores
  memory 4 GiB
}

os tiny {
  syscall ping(dev) {
    out dev, 1
  }
}

program p {
        mov r1, 3
loop:   dec r1
        jnz loop
}
`);
    });

    it('indents with tabs when insertSpaces is false (alignment after a label stays spaces)', async () => {
        const tabbed = await format(SOURCE, undefined, { tabSize: 4, insertSpaces: false });
        expect(tabbed).toBe('hardware h {\n\tcpu 2 cores\n\tmemory 4 GiB\n}\n\nos tiny {\n\tsyscall ping(dev) {\n\t\tout dev, 1\n\t}\n}\n\n'
            + 'program p {\n\t\tmov r1, 3\nloop:   dec r1\n\t\tjnz loop\n}\n');
        // and formatting that again changes nothing
        expect(await edits(tabbed, undefined, { tabSize: 4, insertSpaces: false })).toEqual([]);
    });

    it('falls back to 4 for a tabSize that is not a positive number', async () => {
        expect(await format('hardware h { cpu 2 cores }', undefined, { tabSize: 0, insertSpaces: true })).toBe('hardware h {\n    cpu 2 cores\n}\n');
    });
});

describe('formatter on an OS boot block (LANGUAGE.md §11)', () => {
    it('lays out boot { } as code, one statement per line, and the paging entries one per line', async () => {
        const text = 'hardware h { cpu 1 cores memory 1 GiB tlb 32 entries walk levels 4 }\nhypervisor hv: type1 on h { virtualization full paging shadow shadows 2 }\nos o {\nboot { mov r1, 1 lcr3 0x1000 }\n}\n';
        expect(await format(text)).toBe(
            'hardware h {\n    cpu 1 cores\n    memory 1 GiB\n    tlb 32 entries\n    walk levels 4\n}\n\n' +
            'hypervisor hv: type1 on h {\n    virtualization full\n    paging shadow\n    shadows 2\n}\n\n' +
            'os o {\n    boot {\n        mov r1, 1\n        lcr3 0x1000\n    }\n}\n',
        );
    });
});
