// Every message catalog of the project has both languages, the same keys and the same
// placeholders. Catalogs live in files named `messages.ts` (one per area); this test finds them
// all, so a new area is checked the day it is written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogs, defineMessages } from '../../l10n/catalog.js';
import { currentLocale, localeFromEnvironment, localeOf, setLocale } from '../../l10n/locale.js';
import { catalogProblems } from './catalog-problems.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function catalogFiles(dir = ROOT): string[] {
    const found: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', 'out', 'test', '.git'].includes(entry.name) || entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) found.push(...catalogFiles(full));
        else if (entry.name === 'messages.ts') found.push(full);
    }
    return found;
}

describe('message catalogs', () => {
    it('every catalog has English and Korean with the same keys and placeholders', async () => {
        const files = catalogFiles();
        for (const file of files) await import(pathToFileURL(file).href);
        // a test that found nothing would pass: there are catalogs, at least one per messages.ts
        expect(files.length).toBeGreaterThan(0);
        expect(new Set(catalogs().map((c) => c.area)).size).toBeGreaterThanOrEqual(files.length);
        const problems = catalogs().flatMap(catalogProblems);
        expect(problems).toEqual([]);
    });

    it('the checker finds a missing key, an extra key, a dropped placeholder and untranslated text', () => {
        const problems = catalogProblems({
            area: 'broken',
            languages: {
                en: { a: (n: string) => `${n} vCPUs are waiting`, b: () => 'fine', c: () => 'only English' },
                ko: { a: () => 'vCPU가 기다립니다', b: () => 'fine', d: () => '한국어만' },
            } as never,
        });
        expect(problems).toEqual([
            'broken.d: only in Korean',
            'broken.a: 1 placeholders in English, 0 in Korean',
            'broken.a: the Korean text drops placeholder 0',
            'broken.b: the Korean text has no Korean',
            'broken.c: no Korean',
        ]);
    });

    it('a message is written in the locale current when it is called', () => {
        const m = defineMessages('test-area', {
            en: { waiting: (n: number) => `${n} vCPUs waiting` },
            ko: { waiting: (n: number) => `대기 중인 vCPU ${n}개` },
        });
        const before = currentLocale();
        try {
            setLocale('ko');
            expect(m.waiting(3)).toBe('대기 중인 vCPU 3개');
            setLocale('en');
            expect(m.waiting(3)).toBe('3 vCPUs waiting');
        } finally {
            setLocale(before);
        }
    });

    it('locales from tags and from the environment (LC_ALL over LC_MESSAGES over LANG)', () => {
        expect(['ko', 'ko-KR', 'ko_KR.UTF-8', 'KO'].map(localeOf)).toEqual(['ko', 'ko', 'ko', 'ko']);
        expect(['en-US', 'C', 'POSIX', '', undefined, 'kok-IN'].map(localeOf)).toEqual(['en', 'en', 'en', 'en', 'en', 'en']);
        expect(localeFromEnvironment({ LANG: 'ko_KR.UTF-8' })).toBe('ko');
        expect(localeFromEnvironment({ LANG: 'ko_KR.UTF-8', LC_ALL: 'C' })).toBe('en');
        expect(localeFromEnvironment({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'ko_KR.UTF-8' })).toBe('ko');
        expect(localeFromEnvironment({ LC_ALL: '', LANG: 'ko_KR.UTF-8' })).toBe('ko');
    });
});
