// Share links: `index.html#code=<base64url of the UTF-8 definition>` (RFC 4648 §5, no padding).
export function encodeDefinition(text: string): string {
    let binary = '';
    for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The definition in a `#code=…` hash, or undefined when there is none or it is not valid base64url UTF-8. */
export function definitionFromHash(hash: string): string | undefined {
    const code = new URLSearchParams(hash.replace(/^#/, '')).get('code');
    if (!code) return undefined;
    try {
        const binary = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
        const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
        return undefined;
    }
}

export function shareLink(text: string): string {
    return `${location.href.split('#')[0]}#code=${encodeDefinition(text)}`;
}
