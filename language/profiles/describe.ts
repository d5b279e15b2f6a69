// What a profile sets, in words: the hover on `like NAME` and on a profile, and the detail of
// its completion item. Read from the profile's declaration, so a new default shows at once.
import type { LangiumDocuments } from 'langium';
import { isProfile, type Profile, type Quantity } from '../generated/ast.js';
import { profileTitle } from './settings.js';
import { profileMessages as m } from './messages.js';

/** One line per setting the profile gives. */
export function profileSettings(profile: Profile): string[] {
    const lines: string[] = [];
    if (profile.technique) lines.push(m.technique(profile.technique));
    if (profile.reserve) lines.push(m.reserve(profile.reserve.amounts.map(quantityText).join(', ')));
    if (profile.scheduler) {
        const slice = profile.scheduler.timeslice ? ` { timeslice ${quantityText(profile.scheduler.timeslice)} }` : '';
        lines.push(m.scheduler(`${profile.scheduler.policy}${slice}`));
    }
    if (profile.weight !== undefined) lines.push(m.weight(profile.weight));
    if (profile.requires.length) lines.push(m.requires(profile.requires.join(' or ')));
    if (profile.hypercalls.length) lines.push(m.hypercalls(profile.hypercalls.map((h) => h.name).join(', ')));
    return lines;
}

/** The markdown of one profile: its title and type, what it sets, and that the block overrides it. */
export function profileHover(profile: Profile): string {
    const sets = profileSettings(profile).map((l) => `- ${l}`).join('\n');
    return `${m.hoverTitle(profileTitle(profile.name), profile.name, profile.kind)}\n\n${m.sets()}\n${sets}\n- ${m.nothingElse()}\n\n${m.overridden()}`;
}

/** A completion item's one-line detail: `Xen, type1: virtualization para; reserve …`. */
export function profileDetail(profile: Profile): string {
    return `${profileTitle(profile.name)}, ${profile.kind}: ${profileSettings(profile).join('; ')}`;
}

/** Every profile of the workspace (the standard library's, then any user's), by name. */
export function allProfiles(documents: LangiumDocuments): Profile[] {
    const found = new Map<string, Profile>();
    for (const doc of documents.all) {
        for (const el of (doc.parseResult.value as { elements?: unknown[] }).elements ?? []) {
            if (isProfile(el) && el.name && !found.has(el.name)) found.set(el.name, el);
        }
    }
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The hover on the keyword `like`: every profile and what it sets. */
export function likeKeywordHover(intro: string, profiles: Profile[]): string {
    return [intro, ...profiles.map((p) => `- \`like ${p.name}\` — ${profileDetail(p)}`)].join('\n');
}

function quantityText(q: Quantity): string {
    return `${q.value}${q.unit ? ` ${q.unit}` : ''}`;
}
