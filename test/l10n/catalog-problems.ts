// What is wrong with a message catalog: keys one language lacks, messages that throw, Korean
// text that drops a placeholder the English text shows, or Korean text with no Korean in it.
import type { Catalog, Messages } from '../../l10n/catalog.js';

const HANGUL = /[\uac00-\ud7a3]/;

/** Sentinels that survive formatting: digit strings (a message may pass them to Number()). */
function sentinels(count: number): string[] {
    return Array.from({ length: count }, (_, i) => String(90_001 + i));
}

export function catalogProblems(catalog: Catalog<Messages>): string[] {
    const { en, ko } = catalog.languages;
    const problems: string[] = [];
    const where = (key: string) => `${catalog.area}.${key}`;
    for (const key of Object.keys(ko)) if (!(key in en)) problems.push(`${where(key)}: only in Korean`);
    for (const key of Object.keys(en)) {
        if (!(key in ko)) {
            problems.push(`${where(key)}: no Korean`);
            continue;
        }
        if (en[key].length !== ko[key].length) problems.push(`${where(key)}: ${en[key].length} placeholders in English, ${ko[key].length} in Korean`);
        const args = sentinels(Math.max(en[key].length, ko[key].length));
        let english: string;
        let korean: string;
        try {
            english = en[key](...args);
            korean = ko[key](...args);
        } catch (e) {
            problems.push(`${where(key)}: throws on string arguments (messages take strings and numbers): ${(e as Error).message}`);
            continue;
        }
        for (const s of args) if (english.includes(s) && !korean.includes(s)) problems.push(`${where(key)}: the Korean text drops placeholder ${args.indexOf(s)}`);
        const words = english.replace(/`[^`]*`|'[^']*'|"[^"]*"|\d+/g, '');
        if (/[A-Za-z]{4,}/.test(words) && !HANGUL.test(korean)) problems.push(`${where(key)}: the Korean text has no Korean`);
    }
    return problems;
}
