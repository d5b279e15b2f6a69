// The locale every message of this process is written in. One per process: the CLI sets it
// from `--lang` or the environment, the language server from the client's `initialize`, the
// debug adapter from its `initialize` request. English is the fallback for anything else.

export type Locale = 'en' | 'ko';
export const LOCALES: readonly Locale[] = ['en', 'ko'];

let current: Locale = 'en';

export function setLocale(locale: Locale): void {
    current = locale;
}

export function currentLocale(): Locale {
    return current;
}

/**
 * The locale a BCP 47 tag or a POSIX locale name asks for: `ko`, `ko-KR`, `ko_KR.UTF-8` → `ko`;
 * anything else (`en-US`, `C`, `POSIX`, empty) → `en`.
 */
export function localeOf(tag: string | undefined | null): Locale {
    const language = (tag ?? '').trim().toLowerCase().split(/[-_.@]/)[0];
    return language === 'ko' ? 'ko' : 'en';
}

/**
 * The locale of a process started from a shell: LC_ALL wins over LC_MESSAGES over LANG, as in
 * POSIX (an empty variable counts as unset).
 */
export function localeFromEnvironment(env: Record<string, string | undefined>): Locale {
    const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
    return localeOf(tag);
}

/**
 * Runs `write` with `locale` current and puts the previous locale back: for a pure function asked
 * for one language (the report page in VS Code's language) in a process that may have another.
 * Only for synchronous work: an `await` inside would let other code see the borrowed locale.
 */
export function withLocale<T>(locale: Locale, write: () => T): T {
    const before = current;
    current = locale;
    try {
        return write();
    } finally {
        current = before;
    }
}
