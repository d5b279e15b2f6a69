// `--lang ko|en`: the language of everything the command writes for people, accepted anywhere
// on the line (before or after the command) and taken out before the command reads its options.
// Without it, the locale comes from the environment (LC_ALL, LC_MESSAGES, LANG).
import { LOCALES, localeFromEnvironment, setLocale, type Locale } from '../l10n/locale.js';
import { InputError } from './inputs.js';
import { cliMessages as m } from './messages.js';
import { listed } from './options.js';

const OPTION = '--lang';

/**
 * Sets the process's locale from `argv` and `env`; returns `argv` without `--lang`. A bad value
 * is an InputError (exit 2), written in the environment's language.
 */
export function applyLanguage(argv: string[], env: Record<string, string | undefined>): string[] {
    setLocale(localeFromEnvironment(env));
    const rest: string[] = [];
    let chosen: Locale | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg !== OPTION && !arg.startsWith(`${OPTION}=`)) {
            rest.push(arg);
            continue;
        }
        const text = arg === OPTION ? argv[++i] : arg.slice(OPTION.length + 1);
        if (text === undefined || text === '') throw new InputError(m.needsValue(OPTION));
        if (!(LOCALES as readonly string[]).includes(text)) throw new InputError(m.notOneOf(OPTION, listed([...LOCALES]), text));
        chosen = text as Locale;
    }
    if (chosen) setLocale(chosen);
    return rest;
}
