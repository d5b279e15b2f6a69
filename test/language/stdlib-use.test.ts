// The standard library files a definition is checked with (language/stdlib-use.ts): every file
// but the OSes', and the OSes' when one of them is named. Checked with only those, every example
// and fixture gets the same diagnostics and the same simulation as with the whole library.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AstNode } from 'langium';
import { checkWorkspace, diagnosticsOf, type CheckedWorkspace, type SourceFile } from '../../language/workspace.js';
import { libraryDeclarations } from '../../language/stdlib-use.js';
import { readStdlibFile, stdlibFiles } from '../../language/stdlib.js';
import { Simulation } from '../../simulator/engine.js';
import { PROJECT_ROOT, sharedExamplesDir, sharedPartTwoExamples, vmdefFilesUnder } from '../examples/annotations.js';

const BOX = `hardware rack { cpu 4 cores memory 16 GiB extensions vtx }
hypervisor hv: type1 on rack { virtualization hardware }
program p { hlt }
`;

const used = async (text: string) => (await checkWorkspace([{ path: '/use/main.vmdef', text }])).stdlib.map((d) => path.basename(d.uri.path));

/** Everything a user sees of a check: each user file's diagnostics. */
function seen(workspace: CheckedWorkspace) {
    return workspace.documents.map((d) => diagnosticsOf(d).map(({ range, severity, code, message, relatedInformation }) => ({ range, severity, code, message, related: relatedInformation?.length ?? 0 })));
}

const KEYWORD: Record<string, string> = { Hardware: 'hardware', Hypervisor: 'hypervisor', Vm: 'vm', Program: 'program', Os: 'os', Monitor: 'monitor', CostPreset: 'costs', Profile: 'profile' };

describe('the standard library files a definition is checked with', () => {
    it('finds each library file\'s top-level declarations as the parser does', async () => {
        const workspace = await checkWorkspace([], undefined, 'whole');
        expect(workspace.stdlib.map((d) => d.uri.path)).toEqual(stdlibFiles());
        for (const doc of workspace.stdlib) {
            const parsed = doc.parseResult.value.elements.map((e: AstNode & { name?: string; technique?: string }) => ({ kind: KEYWORD[e.$type], name: e.name ?? e.technique }));
            expect(libraryDeclarations(readStdlibFile(doc.uri.fsPath)), doc.uri.path).toEqual(parsed);
        }
    });

    it('leaves the OSes\' file out of a definition that names none of them, and takes it when one is named', async () => {
        expect(await used(`${BOX}vm a on hv { run p }\n`)).toEqual(['costs.vmdef', 'monitors.vmdef', 'profiles.vmdef']);
        expect(await used(`${BOX}vm a: linux on hv { run p }\n`)).toEqual(['costs.vmdef', 'monitors.vmdef', 'os.vmdef', 'profiles.vmdef']);
        expect(await used(`${BOX}os mine: windows { }\nvm a: mine on hv { run p }\n`)).toContain('os.vmdef');
        expect(await used(BOX.replace('hv: type1 on rack {', 'hv: type2 on rack { host linux') + 'vm a on hv { run p }\n')).toContain('os.vmdef');
        // a word in a comment is enough: erring towards checking a file
        expect(await used(`${BOX}// like xenlinux\nvm a on hv { run p }\n`)).toContain('os.vmdef');
    });

    it('checks a definition whose reference does not resolve again with the whole library (what it is told stays the same)', async () => {
        const text = `${BOX}vm a: linx on hv { run p }\n`;
        const lazy = await checkWorkspace([{ path: '/use/main.vmdef', text }]);
        const whole = await checkWorkspace([{ path: '/use/main.vmdef', text }], undefined, 'whole');
        expect(lazy.stdlib.map((d) => d.uri.path)).toEqual(stdlibFiles());
        expect(seen(lazy)).toEqual(seen(whole));
        // the OS is named as written where it does not resolve
        expect(diagnosticsOf(lazy.documents[0]).map((d) => d.message)).toEqual([
            "Could not resolve reference to Os named 'linx'.",
            "'hlt' is privileged: in user code (VM 'a' runs this program under OS 'linx') it faults (#GP) and the program is killed",
        ]);
    });

    const files = [...vmdefFilesUnder(path.join(PROJECT_ROOT, 'examples')), ...vmdefFilesUnder(path.join(PROJECT_ROOT, 'test/fixtures')),
        ...vmdefFilesUnder(sharedExamplesDir() ?? ''), ...sharedPartTwoExamples()];

    it.each(files.map((f) => [path.relative(path.dirname(PROJECT_ROOT), f), f]))('%s: the same diagnostics and run as with the whole library', async (_, file) => {
        const sources: SourceFile[] = [{ path: file, text: fs.readFileSync(file, 'utf8') }];
        const lazy = await checkWorkspace(sources);
        const whole = await checkWorkspace(sources, undefined, 'whole');
        expect(seen(lazy)).toEqual(seen(whole));
        if (seen(lazy)[0].some((d) => d.severity === 1)) return;
        const run = (workspace: CheckedWorkspace) => {
            const sim = Simulation.create(workspace, { maxCycles: 5e6 });
            sim.run();
            return JSON.stringify(sim.result());
        };
        expect(run(lazy)).toBe(run(whole));
    });
});
