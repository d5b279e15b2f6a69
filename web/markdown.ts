// The little Markdown the server's hovers use (code blocks, `code`, **bold**, paragraphs), as
// DOM built from escaped text: nothing from a hover is ever parsed as HTML.
function inline(text: string, into: HTMLElement): void {
    for (const part of text.split(/(`[^`]+`|\*\*[^*]+\*\*)/)) {
        if (part.startsWith('`') && part.endsWith('`') && part.length > 1) into.append(element('code', part.slice(1, -1)));
        else if (part.startsWith('**') && part.endsWith('**') && part.length > 3) into.append(element('strong', part.slice(2, -2)));
        else into.append(part);
    }
}

function element(tag: string, text: string): HTMLElement {
    const e = document.createElement(tag);
    e.textContent = text;
    return e;
}

export function renderMarkdown(markdown: string): HTMLElement {
    const root = document.createElement('div');
    root.className = 'markdown';
    const blocks = markdown.split(/^```[^\n]*\n([\s\S]*?)^```$/m);
    blocks.forEach((block, i) => {
        // odd pieces are the insides of code fences
        if (i % 2 === 1) return root.append(element('pre', block.replace(/\n$/, '')));
        for (const paragraph of block.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean)) {
            const p = document.createElement('p');
            inline(paragraph.replace(/^---$/m, ''), p);
            root.append(p);
        }
    });
    return root;
}
