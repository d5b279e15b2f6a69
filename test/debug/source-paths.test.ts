// VS Code for the Web's debug sessions: every `source.path` of a DAP message is translated
// (extension/web/source-paths.ts), wherever it sits, and nothing else changes.
import { describe, expect, it } from 'vitest';
import { translateSourcePaths, URI_LIKE } from '../../extension/web/source-paths.js';

const upper = (path: string) => path.toUpperCase();

describe('translateSourcePaths', () => {
    it('translates a stack trace response: each frame\'s source.path, and nothing else', () => {
        const response = {
            type: 'response', command: 'stackTrace', success: true,
            body: { stackFrames: [
                { id: 1, name: 'trap io_out', line: 3, source: { name: 'monitors.vmdef', path: '/ext/stdlib/monitors.vmdef' } },
                { id: 2, name: 'countdown', line: 9, source: { name: 'hello.vmdef', path: '/w/hello.vmdef', sourceReference: 0 } },
                { id: 3, name: 'no source', line: 0 },
            ] },
        };
        const translated = translateSourcePaths(response, upper);
        expect(translated.body.stackFrames.map((f) => f.source?.path)).toEqual(['/EXT/STDLIB/MONITORS.VMDEF', '/W/HELLO.VMDEF', undefined]);
        expect(translated.body.stackFrames[1].source).toEqual({ name: 'hello.vmdef', path: '/W/HELLO.VMDEF', sourceReference: 0 });
        expect(translated.body.stackFrames[2]).toEqual({ id: 3, name: 'no source', line: 0 });
        // the message itself is left alone
        expect(response.body.stackFrames[0].source?.path).toBe('/ext/stdlib/monitors.vmdef');
    });

    it('translates a setBreakpoints request\'s arguments.source and a breakpoint event\'s breakpoint.source', () => {
        const request = { type: 'request', command: 'setBreakpoints', arguments: { source: { path: 'vscode-vfs://github/o/r/x.vmdef' }, lines: [4] } };
        expect(translateSourcePaths(request, upper).arguments).toEqual({ source: { path: 'VSCODE-VFS://GITHUB/O/R/X.VMDEF' }, lines: [4] });
        const event = { type: 'event', event: 'breakpoint', body: { reason: 'changed', breakpoint: { id: 1, verified: true, source: { path: '/w/x.vmdef' } } } };
        expect(translateSourcePaths(event, upper).body.breakpoint.source.path).toBe('/W/X.VMDEF');
    });

    it('leaves a `source` without a path, and strings named path elsewhere, alone; stops at depth 8', () => {
        const message = { source: { name: 'x', sourceReference: 7 }, body: { path: '/not/a/source' } };
        expect(translateSourcePaths(message, upper)).toEqual(message);
        let deep: Record<string, unknown> = { source: { path: '/deep' } };
        for (let i = 0; i < 12; i++) deep = { next: deep };
        expect(JSON.stringify(translateSourcePaths(deep, upper))).not.toContain('/DEEP');
    });

    it('tells a URI (any scheme with //) from a path', () => {
        expect(['vscode-vfs://github/o/r/x.vmdef', 'vscode-remote://127.0.0.1:8080/w/x.vmdef', 'file:///w/x.vmdef'].every((u) => URI_LIKE.test(u))).toBe(true);
        expect(['/w/x.vmdef', 'C:\\w\\x.vmdef', 'x.vmdef'].some((p) => URI_LIKE.test(p))).toBe(false);
    });
});
