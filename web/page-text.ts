// Puts the playground's words into the page: every element with `data-l10n="key"` gets
// webMessages.key() in the current locale (web/messages.ts) as its text, and every element with
// `data-l10n-title="key"` as its title (what a screen reader says of a frame).
import { webMessages } from './messages.js';

type Key = keyof typeof webMessages;

export function translatePage(root: ParentNode = document): void {
    for (const element of root.querySelectorAll<HTMLElement>('[data-l10n]')) {
        const key = element.dataset.l10n as Key;
        const message = webMessages[key] as (() => string) | undefined;
        if (message) element.textContent = message();
    }
    for (const element of root.querySelectorAll<HTMLElement>('[data-l10n-title]')) {
        const message = webMessages[element.dataset.l10nTitle as Key] as (() => string) | undefined;
        if (message) element.title = message();
    }
    document.title = webMessages.title();
}
