// The language of everything the server writes (diagnostics, hovers, quick fixes, …): the
// setting `vmdef.language` when it says `en` or `ko`, else (`auto`, or no setting) the client's
// display language from `initialize` (`locale`, e.g. VS Code's `ko`). English for anything else.
// The setting comes the ways every `vmdef.*` setting comes (configuration.ts): in
// `initializationOptions`, from `workspace/configuration`, with `didChangeConfiguration`.
// When the language changes, the user's documents are built again so that their diagnostics
// are written anew (a document with syntax errors is parsed again: perf/incremental-parse.ts).
import { Cancellation, type URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { currentLocale, localeOf, setLocale, type Locale } from '../../l10n/locale.js';
import { isStdlibUri } from '../stdlib.js';
import { SETTINGS_SECTION, sectionOf } from './configuration.js';

/** The setting's name in the `vmdef` section: `vmdef.language`. */
export const LANGUAGE_SETTING = 'language';

/** The locale for a value of `vmdef.language` and the client's display language. */
export function localeFor(setting: unknown, clientLocale: string | undefined): Locale {
    return setting === 'en' || setting === 'ko' ? setting : localeOf(clientLocale);
}

/**
 * Sets the process's locale at `initialize` and whenever `vmdef.language` changes; calls
 * `changed` after a change (not for the first locale: nothing was written yet).
 */
export function followLocaleSetting(shared: LangiumSharedServices, changed: (locale: Locale) => void): void {
    const configuration = shared.workspace.ConfigurationProvider;
    let clientLocale: string | undefined;
    const apply = (setting: unknown) => {
        const locale = localeFor(setting, clientLocale);
        if (locale === currentLocale()) return;
        setLocale(locale);
        changed(locale);
    };
    shared.lsp.LanguageServer.onInitialize((params) => {
        clientLocale = params.locale;
        setLocale(localeFor(sectionOf(params.initializationOptions)?.[LANGUAGE_SETTING], clientLocale));
    });
    // What `workspace/configuration` answered after `initialized`, then every change.
    shared.lsp.LanguageServer.onInitialized(() => {
        void configuration.getConfiguration(SETTINGS_SECTION, LANGUAGE_SETTING).then(apply, () => undefined);
    });
    configuration.onConfigurationSectionUpdate((update) => {
        if (update.section !== SETTINGS_SECTION) return;
        const settings = update.configuration as Record<string, unknown> | undefined;
        apply(settings?.[LANGUAGE_SETTING]);
    });
}

/** Builds the user's documents again (never the standard library's), as an edit of each would. */
export function rebuildUserDocuments(shared: LangiumSharedServices): Promise<void> {
    const uris: URI[] = [];
    for (const document of shared.workspace.LangiumDocuments.all) if (!isStdlibUri(document.uri)) uris.push(document.uri);
    return shared.workspace.WorkspaceLock.write((token: Cancellation.CancellationToken) => shared.workspace.DocumentBuilder.update(uris, [], token));
}
