import type { LanguageDetector } from '../../src/services/inquiries/language-detector.js';
import type { Translator } from '../../src/services/translations/translator.js';

/** A detector whose answer the test sets; the real one is franc, tested on its own. */
export function settableDetector(initial = 'en'): LanguageDetector & { answer: string } {
  const detector = Object.assign(async () => detector.answer, { answer: initial });
  return detector;
}

/** A translator whose answer the test sets ("" = nothing translated). */
export function settableTranslator(initial = ''): Translator & { answer: string; calls: string[] } {
  const translator = Object.assign(
    async (text: string) => {
      translator.calls.push(text);
      return translator.answer;
    },
    { answer: initial, calls: [] as string[] },
  );
  return translator;
}
