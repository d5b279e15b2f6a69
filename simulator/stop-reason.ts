// A stop reason as data: a stable code of the catalog (messages.ts), its arguments and, for a
// fault, the vector. The simulator hands these out and keeps the English text for the result's
// `reason`; presenters write them in their user's language. See messages.ts for adding one.
import { currentLocale, type Locale } from '../l10n/locale.js';
import { stopReasonLanguages, type StopReasonCode } from './messages.js';

type Catalog = typeof stopReasonLanguages.en;

export interface StopReason {
    code: StopReasonCode;
    args: (string | number)[];
    /** A fault's exception vector (`#GP`): written before the text, the same in every language. */
    vector?: string;
}

/** The reason `code` with its arguments, checked against the catalog entry. */
export function reason<K extends StopReasonCode>(code: K, ...args: Parameters<Catalog[K]>): StopReason {
    return { code, args };
}

/** The same reason as a fault of `vector`. */
export function withVector(r: StopReason, vector: string): StopReason {
    // spelled out, not spread: every guest page fault comes here (a spread of reasons of several
    // shapes took longer than the walk)
    return { code: r.code, args: r.args, vector };
}

/** The reason in words: in `locale` (the current one by default); `#GP: …` for a fault. */
export function stopReasonText(r: StopReason, locale: Locale = currentLocale()): string {
    const message = stopReasonLanguages[locale][r.code] as (...args: (string | number)[]) => string;
    const text = message(...r.args);
    return r.vector ? `${r.vector}: ${text}` : text;
}

/** The English text, which results and stop events keep (`stop.reason`, `StopEvent.message`). */
export function englishText(r: StopReason): string {
    return stopReasonText(r, 'en');
}

/**
 * What a presenter shows for a stop that may carry a structured reason (a result's `stop`, a
 * stop event): the reason in the current locale, else the text as it came (a result from an
 * older vmdef, a reason some code wrote as text).
 */
export function localizedStop(stop: { reason?: string; message?: string; code?: string; args?: (string | number)[]; vector?: string }): string {
    const known = stop.code !== undefined && Object.hasOwn(stopReasonLanguages.en, stop.code);
    if (known) return stopReasonText({ code: stop.code as StopReasonCode, args: stop.args ?? [], vector: stop.vector });
    return stop.reason ?? stop.message ?? '';
}
