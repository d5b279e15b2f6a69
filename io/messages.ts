// Why a .vmdef source cannot be read (io/source-files.ts), in English and Korean. The file name
// is not part of these texts: SourceReadError puts it in front, `FILE: reason`.
import { defineMessages } from '../l10n/catalog.js';

export const sourceMessages = defineMessages('io', {
    en: {
        missing: () => 'no such file or directory',
        directory: (extension: string) => `a directory, not a ${extension} file`,
        notRegular: () => 'not a regular file (a device, pipe or socket cannot be read as a source)',
        notVmdef: (extension: string) => `not a ${extension} file (rename it to end in ${extension} to check it)`,
        tooLarge: (megabytes: string, limit: number) => `too large (${megabytes} MB; the limit is ${limit} MB)`,
        binary: () => 'not a text file',
        emptyDirectory: (extension: string) => `a directory with no ${extension} files`,
        unreadable: (code: string) => `cannot read (${code})`,
    },
    ko: {
        missing: () => '그런 파일이나 디렉터리가 없습니다',
        directory: (extension) => `${extension} 파일이 아니라 디렉터리입니다`,
        notRegular: () => '일반 파일이 아닙니다 (장치, 파이프, 소켓은 소스로 읽을 수 없음)',
        notVmdef: (extension) => `${extension} 파일이 아닙니다 (검사하려면 이름이 ${extension}로 끝나게 바꾸세요)`,
        tooLarge: (megabytes, limit) => `파일이 너무 큽니다 (${megabytes} MB, 한도는 ${limit} MB)`,
        binary: () => '텍스트 파일이 아닙니다',
        emptyDirectory: (extension) => `${extension} 파일이 하나도 없는 디렉터리입니다`,
        unreadable: (code) => `읽을 수 없습니다 (${code})`,
    },
});
