// Puts the playground's words into the page: every element with `data-l10n="key"` gets
// webMessages.key() in the current locale (web/messages.ts).
import { webMessages } from './messages.js';

type Key = keyof typeof webMessages;

export function translatePage(root: ParentNode = document): void {
    for (const element of root.querySelectorAll<HTMLElement>('[data-l10n]')) {
        const key = element.dataset.l10n as Key;
        const message = webMessages[key] as (() => string) | undefined;
        if (message) element.textContent = message();
    }
    document.title = webMessages.title();
}
