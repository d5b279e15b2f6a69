// The words of syntax and linking errors, in English and Korean (l10n/catalog.ts): what the
// parser expected and found (error-messages.ts), characters the lexer skipped, labels and
// devices that do not resolve, references Langium could not link (document-validator.ts).
// Quoted user text arrives quoted (`quote` in error-messages.ts); codes stay English.
import { defineMessages } from '../../l10n/catalog.js';

const COLON_HINT_EN = '(a label would need `:` after it)';
const COLON_HINT_KO = '(레이블이라면 뒤에 `:`가 있어야 합니다)';

/** `[[r2]]`: one message, matched by document-validator.ts to give it its code. */
const NESTED_EN = 'a memory operand holds one address (a register, a number or a name), not another `[…]`: '
    + 'the instruction set has one indirection; load the inner address into a register first';
const NESTED_KO = '메모리 피연산자에는 주소 하나(레지스터, 숫자 또는 이름)만 들어가며 그 안에 다시 `[…]`를 쓸 수 없습니다: '
    + '명령어 집합의 간접 참조는 한 단계뿐이니 안쪽 주소를 먼저 레지스터에 로드하세요';

export const syntaxMessages = defineMessages('syntax', {
    en: {
        notAnInstruction: (word: string) => `${word} is not an instruction ${COLON_HINT_EN}`,
        notAnInstructionGuess: (word: string, guess: string) => `${word} is not an instruction; did you mean ${guess}? ${COLON_HINT_EN}`,
        /** `previous`: the keyword the expected words follow, or '' when none is worth naming. */
        expectedFound: (expected: string, previous: string, found: string) =>
            `expected ${expected}${previous ? ` after ${previous}` : ''}, found ${found}`,
        expectedFoundGuess: (expected: string, previous: string, found: string, guess: string) =>
            `expected ${expected}${previous ? ` after ${previous}` : ''}, found ${found}; did you mean ${guess}?`,
        expectedStartsOne: (expected: string, previous: string, found: string) =>
            `expected ${expected}${previous ? ` after ${previous}` : ''}; ${found} starts one, but what follows it does not fit`,
        /** The last two of a list of alternatives. */
        or: (first: string, last: string) => `${first} or ${last}`,
        declaration: () => 'a declaration (`hardware`, `hypervisor`, `vm`, `program`, `os`, `monitor` or `costs`)',
        instruction: () => 'an instruction',
        label: () => 'a label',
        operand: () => 'an operand',
        register: () => 'a register',
        number: () => 'a number',
        string: () => 'a string',
        name: () => 'a name',
        end: () => 'the end of the file',
        theString: (text: string) => `the string ${text}`,
        nestedMemoryOperand: () => NESTED_EN,
        unexpectedCharacter: (character: string, codePoint: string) =>
            `unexpected character ${character} (U+${codePoint}): not part of the language outside a comment or a string`,
        unexpectedCharacters: (text: string) => `unexpected characters ${text}: not part of the language outside a comment or a string`,
        unexpected: (text: string) => `unexpected ${text}`,

        // ------------------------------------------------------------ linking
        undefinedLabel: (name: string) => `undefined label '${name}'`,
        unknownDeviceNoHardware: (name: string) => `unknown device '${name}': the VM's hypervisor or its hardware is not known, so it has no devices`,
        unknownDevice: (name: string, hardware: string, hypervisor: string, devices: string) =>
            `unknown device '${name}': hardware '${hardware}' (of hypervisor '${hypervisor}') has ${devices}`,
        unknownDeviceNone: (name: string, hardware: string, hypervisor: string) =>
            `unknown device '${name}': hardware '${hardware}' (of hypervisor '${hypervisor}') has no devices`,
        /** Langium's own text in English; `kind` is a word of referenceKinds below. */
        unresolvedReference: (kind: string, name: string) => `Could not resolve reference to ${kind} named '${name}'.`,
    },
    ko: {
        notAnInstruction: (word) => `${word}은(는) 명령어가 아닙니다 ${COLON_HINT_KO}`,
        notAnInstructionGuess: (word, guess) => `${word}은(는) 명령어가 아닙니다. 혹시 ${guess}인가요? ${COLON_HINT_KO}`,
        expectedFound: (expected, previous, found) =>
            `${previous ? `${previous} 뒤에 ` : ''}${expected}이(가) 와야 하는데 ${found}이(가) 있습니다`,
        expectedFoundGuess: (expected, previous, found, guess) =>
            `${previous ? `${previous} 뒤에 ` : ''}${expected}이(가) 와야 하는데 ${found}이(가) 있습니다. 혹시 ${guess}인가요?`,
        expectedStartsOne: (expected, previous, found) =>
            `${previous ? `${previous} 뒤에 ` : ''}${expected}이(가) 와야 합니다. ${found}(으)로 시작하는 것은 맞지만 그 뒤가 맞지 않습니다`,
        or: (first, last) => `${first} 또는 ${last}`,
        declaration: () => '선언(`hardware`, `hypervisor`, `vm`, `program`, `os`, `monitor`, `costs` 중 하나)',
        instruction: () => '명령어',
        label: () => '레이블',
        operand: () => '피연산자',
        register: () => '레지스터',
        number: () => '숫자',
        string: () => '문자열',
        name: () => '이름',
        end: () => '파일 끝',
        theString: (text) => `문자열 ${text}`,
        nestedMemoryOperand: () => NESTED_KO,
        unexpectedCharacter: (character, codePoint) =>
            `예상하지 못한 문자 ${character} (U+${codePoint}): 주석이나 문자열 밖에서는 쓸 수 없는 문자입니다`,
        unexpectedCharacters: (text) => `예상하지 못한 문자들 ${text}: 주석이나 문자열 밖에서는 쓸 수 없는 문자입니다`,
        unexpected: (text) => `예상하지 못한 ${text}`,

        undefinedLabel: (name) => `정의되지 않은 레이블 '${name}'`,
        unknownDeviceNoHardware: (name) => `알 수 없는 장치 '${name}': 이 VM의 하이퍼바이저나 그 하드웨어를 알 수 없으므로 쓸 수 있는 장치가 없습니다`,
        unknownDevice: (name, hardware, hypervisor, devices) =>
            `알 수 없는 장치 '${name}': 하드웨어 '${hardware}'(하이퍼바이저 '${hypervisor}')의 장치는 ${devices}입니다`,
        unknownDeviceNone: (name, hardware, hypervisor) =>
            `알 수 없는 장치 '${name}': 하드웨어 '${hardware}'(하이퍼바이저 '${hypervisor}')에는 장치가 없습니다`,
        unresolvedReference: (kind, name) => `${kind} '${name}'을(를) 찾을 수 없습니다`,
    },
});

/** What a reference names, by the AST type Langium reports: the type's own name in English. */
export const referenceKinds = defineMessages('syntax-reference-kinds', {
    en: {
        Hardware: () => 'Hardware',
        Hypervisor: () => 'Hypervisor',
        VmHost: () => 'Hypervisor or Hardware',
        Os: () => 'Os',
        Program: () => 'Program',
        CostPreset: () => 'CostPreset',
        Device: () => 'Device',
        Label: () => 'Label',
        Profile: () => 'Profile',
        Routine: () => 'Routine',
    },
    ko: {
        Hardware: () => '하드웨어',
        Hypervisor: () => '하이퍼바이저',
        VmHost: () => '하이퍼바이저 또는 하드웨어',
        Os: () => 'OS',
        Program: () => '프로그램',
        CostPreset: () => '비용 프리셋',
        Device: () => '장치',
        Label: () => '레이블',
        Profile: () => '프로파일',
        Routine: () => '루틴',
    },
});
