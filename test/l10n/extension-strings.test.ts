// The VS Code extension in Korean and English: every string the manifest contributes is a
// `%key%` with an English and a Korean text (package.nls.json, package.nls.ko.json), every
// runtime string (`vscode.l10n.t('…')` in extension/) has a Korean entry in
// l10n/bundle.l10n.ko.json, nothing is left over, and the walkthrough pages have Korean versions
// (`open.md` → `open.nls.ko.md`, which VS Code picks for a Korean display language).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HANGUL = /[\uac00-\ud7a3]/;
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const json = (file: string) => JSON.parse(read(file)) as Record<string, unknown>;

const manifest = json('package.json');
const english = json('package.nls.json') as Record<string, string>;
const korean = json('package.nls.ko.json') as Record<string, string>;
const bundle = json('l10n/bundle.l10n.ko.json') as Record<string, string>;

/** Every string of the manifest with its path (`contributes.commands.0.title`). */
function strings(value: unknown, at = ''): [string, string][] {
    if (typeof value === 'string') return [[at, value]];
    if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}.${i}`));
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
    return [];
}

/** Fields people read: these must come from the nls files. Names of the product and of files stay. */
function isShownToPeople(at: string): boolean {
    if (at === 'contributes.configuration.title') return false; // "vmdef", the settings group
    const field = at.split('.').filter((part) => !/^\d+$/.test(part)).at(-1)!;
    if (['displayName', 'description', 'markdownDescription', 'title', 'label', 'enumDescriptions', 'category'].includes(field)) return true;
    return field === 'name' && at.startsWith('contributes.debuggers.'); // launch configuration names
}

/** What must survive translation: `{0}` arguments, `${1:file}` snippet stops, `code`, command links. */
function kept(text: string): string[] {
    return [...text.matchAll(/\{\d+\}|\$\{[^}]*\}|`[^`]*`|\(command:[\w.]+\)/g)].map((m) => m[0]).sort();
}

/** The message of every `t('…')` / `vscode.l10n.t("…")` call in extension/ (web/ too), and the calls without a literal. */
function runtimeStrings(): { literals: Set<string>; dynamic: string[] } {
    const literals = new Set<string>();
    const dynamic: string[] = [];
    for (const file of fs.readdirSync(path.join(ROOT, 'extension'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
        const text = read(path.join('extension', file));
        for (const call of text.matchAll(/\bt\(\s*/g)) {
            const rest = text.slice(call.index! + call[0].length);
            const literal = /^'((?:[^'\\\n]|\\.)*)'|^"((?:[^"\\\n]|\\.)*)"/.exec(rest);
            if (literal) literals.add((literal[1] ?? literal[2]).replace(/\\(.)/g, '$1'));
            else dynamic.push(`${file}: t(${rest.slice(0, 40)}`);
        }
    }
    return { literals, dynamic };
}

describe('the manifest (package.json, package.nls.json, package.nls.ko.json)', () => {
    const placeholders = strings(manifest).filter(([, v]) => /^%.+%$/.test(v));
    const keys = new Set(placeholders.map(([, v]) => v.slice(1, -1)));

    it('shows people only %key% placeholders', () => {
        expect(placeholders.length).toBeGreaterThan(30);
        const literal = strings(manifest).filter(([at, v]) => isShownToPeople(at) && !/^%.+%$/.test(v));
        expect(literal).toEqual([]);
    });

    it('has every key in English and in Korean, and no key nobody uses', () => {
        expect(Object.keys(english).sort()).toEqual([...keys].sort());
        expect(Object.keys(korean).sort()).toEqual([...keys].sort());
    });

    it('has Korean text that is Korean and keeps the code, arguments and command links', () => {
        for (const key of keys) {
            const problems: string[] = [];
            if (/[A-Za-z]{4,}/.test(english[key].replace(/`[^`]*`|\([^)]*\)|vmdef/g, '')) && !HANGUL.test(korean[key])) problems.push('no Korean');
            expect({ key, problems, kept: kept(korean[key]) }).toEqual({ key, problems: [], kept: kept(english[key]) });
        }
    });
});

describe('runtime strings (vscode.l10n.t and l10n/bundle.l10n.ko.json)', () => {
    const { literals, dynamic } = runtimeStrings();

    it('are all literal messages, so they can be checked', () => {
        expect(literals.size).toBeGreaterThan(20);
        expect(dynamic).toEqual([]);
    });

    it('have a Korean entry each, and the bundle no entry the code no longer uses', () => {
        expect([...literals].filter((m) => !(m in bundle))).toEqual([]);
        expect(Object.keys(bundle).filter((m) => !literals.has(m))).toEqual([]);
    });

    it('keep their arguments in Korean and are written in Korean', () => {
        for (const [message, translation] of Object.entries(bundle)) {
            expect({ message, kept: kept(translation), korean: HANGUL.test(translation) }).toEqual({ message, kept: kept(message), korean: true });
        }
    });
});

describe('walkthrough pages', () => {
    const walkthroughs = (manifest.contributes as { walkthroughs: { steps: { media: { markdown: string } }[] }[] }).walkthroughs;
    const pages = walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown));

    it('have a Korean version beside each English one, with the same code and commands', () => {
        expect(pages.length).toBeGreaterThan(0);
        for (const page of pages) {
            const koreanPage = page.replace(/\.md$/, '.nls.ko.md');
            expect(fs.existsSync(path.join(ROOT, koreanPage)), koreanPage).toBe(true);
            const text = read(koreanPage);
            expect(HANGUL.test(text), koreanPage).toBe(true);
            const code = (t: string) => [...t.matchAll(/`([^`]*)`/g)].map((m) => m[1]).filter((c) => !HANGUL.test(c) && !/^(Run|Debug)$/.test(c));
            // every piece of code the English page shows is on the Korean page too
            expect({ page, missing: code(read(page)).filter((c) => !text.includes(c)) }).toEqual({ page, missing: [] });
        }
    });
});
