// The report page in Korean: the same page, figure for figure, with every word in Korean, the
// document's language declared, and file text still escaped.
import { describe, expect, it } from 'vitest';
import { currentLocale, setLocale } from '../../l10n/locale.js';
import { renderReport } from '../../simulator/report/page.js';
import { HOSTILE_VM, loadFixture } from './fixtures.js';

const HANGUL = /[\uac00-\ud7a3]/;

/** What must not change with the language: every number shown in a figure cell and every data-* attribute. */
function figures(html: string): { numbers: string[]; data: string[] } {
    return {
        numbers: [...html.matchAll(/class="(?:value )?num[^"]*"[^>]*>([\d,.]+)/g)].map((match) => match[1]),
        data: [...html.matchAll(/ data-[\w-]+(?:="[^"]*")?/g)].map((match) => match[0]),
    };
}

/** The text between the tags of every element named `tag`. */
function texts(html: string, tag: string): string[] {
    return [...html.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => match[1].replace(/<[^>]+>/g, ''));
}

describe('report page in Korean', () => {
    const result = loadFixture('type1-vs-type2');
    const english = renderReport(result, { files: ['examples/type1-vs-type2.vmdef'], maxCycles: 1_000_000 });
    const korean = renderReport(result, { files: ['examples/type1-vs-type2.vmdef'], maxCycles: 1_000_000, locale: 'ko' });

    it('declares its language and titles itself in Korean', () => {
        expect(english).toContain('<html lang="en">');
        expect(korean).toContain('<html lang="ko">');
        expect(korean).toContain('<title>vmdef 시뮬레이션 보고서 — examples/type1-vs-type2.vmdef</title>');
        expect(korean).toContain('<h1>vmdef 시뮬레이션 보고서</h1>');
    });

    it('has its headings, table headings and navigation in Korean', () => {
        expect(texts(korean, 'h2')).toEqual(['타임라인', '계층별 사이클', '하이퍼바이저 비교', '가상 머신']);
        expect(korean).toContain('<nav class="toc" aria-label="목차"><a href="#timeline">타임라인</a>');
        for (const heading of texts(korean, 'th').filter((t) => /[a-z]{4,}/i.test(t))) {
            // what stays Latin is a name from the file or a term both languages use (pCPU, VM exit)
            expect(heading, heading).toMatch(new RegExp(`${HANGUL.source}|^(baremetal|hosted|web|db|desk)$`));
        }
        expect(korean).toContain('<th scope="col">가상화 기법</th>');
        expect(korean).toContain('<th scope="row">가상화 오버헤드 (하이퍼바이저 + 호스트 OS)</th>');
        expect(korean).toContain('<td>타입 1 (베어메탈)</td><td>하드웨어 지원 가상화</td>');
    });

    it('shows the same figures as the English page, in the same markup', () => {
        const en = figures(english);
        const ko = figures(korean);
        expect(en.numbers.length).toBeGreaterThan(20);
        expect(ko).toEqual(en);
        expect(korean).toContain('data-busy-until="612345">612,345 사이클<br><span class="muted">204 µs</span>');
        expect(korean).toContain('<p class="note">사이클 한도: 1,000,000 (<code>--max-cycles</code>).</p>');
        expect(korean).toContain('<title>web · vCPU 1, pCPU 1에서 실행\n사이클 0–40,000 (40,000)\n0 ms부터 13.3 µs 동안</title>');
        expect(korean).toMatch(/게스트 명령어당 사이클은 hosted \(타입 2 \(호스트형\), 하드웨어 지원 가상화\) 쪽이 baremetal \(타입 1 \(베어메탈\), 하드웨어 지원 가상화\)의 2\.06×입니다\./);
    });

    it('escapes every string from the file in Korean too', () => {
        const html = renderReport(loadFixture('techniques'), { locale: 'ko' });
        expect(html).not.toMatch(/<script/i);
        expect(html).not.toMatch(/<img/i);
        expect(html).not.toContain(HOSTILE_VM);
        expect(html).toContain('data-vm-card="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
        expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;\\x07bell &amp; &quot;quotes&quot;');
        expect(html).toContain('data-status="host-failed">호스트 장애</span>');
        expect(html).toContain('<td>전가상화 (바이너리 변환)</td>');
        expect(html).toContain('<h4 class="muted">사유별 VM exit: 없음</h4>');
    });

    it('follows the process locale by default and leaves it as it was', () => {
        const before = currentLocale();
        try {
            setLocale('ko');
            expect(renderReport(result, { files: ['examples/type1-vs-type2.vmdef'], maxCycles: 1_000_000 })).toBe(korean);
            expect(renderReport(result, { files: ['examples/type1-vs-type2.vmdef'], maxCycles: 1_000_000, locale: 'en' })).toBe(english);
            expect(currentLocale()).toBe('ko');
        } finally {
            setLocale(before);
        }
    });
});
