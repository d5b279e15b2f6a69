// The messages of hypervisor profiles (`like xen`), in English and Korean (l10n/catalog.ts):
// their diagnostics and what the hover and completion say of each profile. Names, keywords
// and codes stay as written.
import { defineMessages } from '../../l10n/catalog.js';

export const profileMessages = defineMessages('profiles', {
    en: {
        typeMismatch: (hypervisor: string, kind: string, profile: string, profileKind: string) =>
            `hypervisor '${hypervisor}' is declared ${kind}, but '${profile}' is a ${profileKind} hypervisor: write '${profileKind}', or pick another profile`,
        unknownProfile: (name: string, closest: string, known: string) =>
            `no hypervisor profile '${name}'${closest ? `; did you mean '${closest}'?` : ''} (profiles: ${known})`,
        requiresHwVirt: (profile: string, hardware: string) =>
            `'like ${profile}' needs VT-x or AMD-V: hardware '${hardware}' declares no 'extensions vtx' or 'svm'`,
        enlightenmentUnavailable: (os: string, hypercall: string, hypervisor: string) =>
            `OS '${os}' calls 'hypercall ${hypercall}', which hypervisor '${hypervisor}' does not offer (a profile's hypercalls, under 'virtualization hardware': 'like hyperv')`,
        hypercallOfProfile: (signature: string, profile: string, origin: string) =>
            `**hypercall ${signature}** — handled by the profile \`${profile}\`: a VMCALL exit under \`virtualization hardware\`${origin}`,
        /** Hover and completion. */
        hoverTitle: (title: string, name: string, kind: string) => `**${title}** (\`like ${name}\`, ${kind})`,
        sets: () => 'Sets:',
        technique: (value: string) => `virtualization ${value}`,
        reserve: (value: string) => `reserve ${value} (control domain / root partition)`,
        scheduler: (value: string) => `scheduler ${value}`,
        weight: (value: number) => `default VM weight ${value}`,
        requires: (value: string) => `requires ${value}`,
        hypercalls: (value: string) => `hypercalls (VMCALL): ${value}`,
        nothingElse: () => 'everything else: the language defaults',
        overridden: () => 'Anything written in the hypervisor block overrides the profile. Sources: the comments of profiles.vmdef.',
    },
    ko: {
        typeMismatch: (hypervisor, kind, profile, profileKind) =>
            `하이퍼바이저 '${hypervisor}'는 ${kind}로 선언되었지만 '${profile}'은(는) ${profileKind} 하이퍼바이저입니다: '${profileKind}'로 쓰거나 다른 프로파일을 고르세요`,
        unknownProfile: (name, closest, known) =>
            `하이퍼바이저 프로파일 '${name}'이(가) 없습니다${closest ? `; '${closest}'을(를) 뜻했나요?` : ''} (프로파일: ${known})`,
        requiresHwVirt: (profile, hardware) =>
            `'like ${profile}'에는 VT-x나 AMD-V가 필요합니다: 하드웨어 '${hardware}'에 'extensions vtx'나 'svm'이 선언되어 있지 않습니다`,
        enlightenmentUnavailable: (os, hypercall, hypervisor) =>
            `OS '${os}'가 'hypercall ${hypercall}'을(를) 호출하지만 하이퍼바이저 '${hypervisor}'는 이를 제공하지 않습니다 ('virtualization hardware'에서 프로파일의 하이퍼콜: 'like hyperv')`,
        hypercallOfProfile: (signature, profile, origin) =>
            `**hypercall ${signature}** — 프로파일 \`${profile}\`가 처리합니다: \`virtualization hardware\`에서는 VMCALL exit${origin}`,
        hoverTitle: (title, name, kind) => `**${title}** (\`like ${name}\`, ${kind})`,
        sets: () => '설정:',
        technique: (value) => `가상화 기법 virtualization ${value}`,
        reserve: (value) => `reserve ${value} (제어 도메인 / 루트 파티션)`,
        scheduler: (value) => `스케줄러 scheduler ${value}`,
        weight: (value) => `VM 기본 가중치 ${value}`,
        requires: (value) => `요구 사항 requires ${value}`,
        hypercalls: (value) => `하이퍼콜 (VMCALL): ${value}`,
        nothingElse: () => '나머지: 언어의 기본값',
        overridden: () => '하이퍼바이저 블록에 직접 쓴 것이 프로파일보다 우선합니다. 출처: profiles.vmdef의 주석.',
    },
});
