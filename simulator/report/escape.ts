// Every string in the report that came from a .vmdef file (VM, hypervisor and hardware names,
// console output, stop reasons, file paths) goes through these before it reaches the page:
// the report is opened in browsers and VS Code webviews, so file text must never become markup.

const ENTITIES: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};

/** Text content and attribute values alike (quotes are escaped too, so one function serves both). */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * Console output may hold control characters (a guest can `out` anything); they are shown as
 * `\xNN` so the page stays valid text. Newlines and tabs are kept.
 */
export function escapeConsole(text: string): string {
    // eslint-disable-next-line no-control-regex
    const visible = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return escapeHtml(visible);
}

/** A nonce is placed inside an attribute and the CSP; only base64/URL-safe characters are accepted. */
export function checkNonce(nonce: string): string {
    if (!/^[A-Za-z0-9+/=_-]{8,128}$/.test(nonce)) {
        throw new Error('report nonce must be 8–128 base64 characters');
    }
    return nonce;
}

/**
 * A message (messages.ts) with markup in some of its placeholders: the message's own words are
 * escaped, each `html` argument is put in as it is — `markup(m.cycleLimit, formatInt(n), '<code>--max-cycles</code>')`.
 * Markup arguments must be built from escaped text by the caller.
 */
export function markup(message: (...args: string[]) => string, ...html: string[]): string {
    // sentinels escapeHtml leaves alone and no message contains
    const marks = html.map((_, i) => `\u0000${i}\u0000`);
    return escapeHtml(message(...marks)).replace(/\u0000(\d+)\u0000/g, (_, i: string) => html[Number(i)]);
}
