// Message catalogs: one per area (diagnostics, CLI, debugger, …), each an English and a Korean
// object with the same keys, each message a function of its placeholders. TypeScript checks
// that both languages have the same keys and parameters; test/l10n checks that every
// placeholder the English text uses is in the Korean text too.
import { currentLocale, type Locale } from './locale.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Messages = Record<string, (...args: any[]) => string>;

export interface Catalog<M extends Messages> {
    readonly area: string;
    readonly languages: Readonly<Record<Locale, M>>;
}

const registry: Catalog<Messages>[] = [];

/** Every catalog defined so far (tests walk them). */
export function catalogs(): readonly Catalog<Messages>[] {
    return registry;
}

/**
 * Defines an area's messages; returns an object with the same keys that writes each message in
 * the current locale at the moment it is called.
 */
export function defineMessages<M extends Messages>(area: string, languages: Record<Locale, M>): M {
    registry.push({ area, languages });
    const localized = Object.create(null) as M;
    for (const key of Object.keys(languages.en) as (keyof M)[]) {
        localized[key] = ((...args: unknown[]) => languages[currentLocale()][key](...args)) as M[keyof M];
    }
    return localized;
}
