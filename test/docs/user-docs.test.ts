// What users read stays usable: the README keeps its two set-up commands, its picture and its
// links to the reference, the tutorial and ARCHITECTURE.md, and its tour shows the demo's real
// output; every relative link of the docs resolves (file and #anchor); no user-facing file
// sends anyone to `../shared` (users do not have it) or to the contract it holds.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fences, prose, readDoc, ROOT } from './markdown.js';

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
    const full = path.join(ROOT, dir);
    if (!fs.existsSync(full)) return [];
    if (fs.statSync(full).isFile()) return [dir];
    return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? filesUnder(path.join(dir, e.name), keep) : keep(e.name) ? [path.join(dir, e.name)] : []);
}

/** What a user of the extension or the repository reads (CHANGELOG.md is history: left out). */
const USER_FACING = [
    'README.md', 'ARCHITECTURE.md', 'package.json',
    ...filesUnder('docs', (f) => f.endsWith('.md')),
    ...filesUnder('extension/walkthrough', () => true),
    ...filesUnder('examples', (f) => f.endsWith('.vmdef') || f.endsWith('.md')),
    ...filesUnder('language/stdlib', () => true),
    ...filesUnder('snippets', () => true),
];
const MARKDOWN = ['README.md', 'ARCHITECTURE.md', ...filesUnder('docs', (f) => f.endsWith('.md'))];

describe('README.md', () => {
    const readme = readDoc('README.md');
    it('keeps the two set-up commands', () => {
        expect(readme).toContain('```sh\nnpm install && npm run demo\n```');
        expect(readme).toContain('```sh\nnpm install && npm test\n```');
    });
    it('links to the reference, the tutorial and ARCHITECTURE.md, and shows a picture that exists', () => {
        for (const target of ['docs/language.md', 'docs/tutorial.md', 'ARCHITECTURE.md']) expect(readme).toContain(`](${target})`);
        const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
        expect(images.length).toBeGreaterThan(0);
        for (const image of images) expect(fs.existsSync(path.join(ROOT, image)), image).toBe(true);
    });
    it("shows examples/hello-type1.vmdef as it is, and the demo's real output", () => {
        const [definition] = fences(readme).filter((f) => f.info === 'vmdef');
        expect(fs.readFileSync(path.join(ROOT, 'examples/hello-type1.vmdef'), 'utf8')).toContain(definition.body);
        const [output] = fences(readme).filter((f) => f.info === 'text');
        const run = spawnSync(process.execPath, ['out/cli.js', 'run', 'examples/hello-type1.vmdef'], { cwd: ROOT, encoding: 'utf8' });
        expect(run.stdout).toBe(output.body);
    });
});

describe('user-facing files', () => {
    it('are found', () => expect(USER_FACING.length).toBeGreaterThan(15));
    it('never mention ../shared or LANGUAGE.md (users have neither: link docs/language.md)', () => {
        const offending = USER_FACING.filter((file) => /\.\.\/shared|LANGUAGE\.md/.test(readDoc(file)));
        expect(offending).toEqual([]);
    });
});

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
    return heading.toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
    return new Set(prose(readDoc(file)).split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ''))));
}

describe('links in the docs', () => {
    for (const file of MARKDOWN) {
        it(`${file}: every relative link resolves`, () => {
            const broken: string[] = [];
            for (const m of prose(readDoc(file)).matchAll(/\]\(([^)\s]+)\)/g)) {
                const target = m[1];
                if (/^[a-z]+:/.test(target)) continue;
                const [relative, anchor] = target.split('#');
                const resolved = relative ? path.join(path.dirname(file), relative) : file;
                if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(target);
                else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(target);
            }
            expect(broken).toEqual([]);
        });
    }
});
