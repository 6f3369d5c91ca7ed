import { franc } from 'franc';

/** Tells which language a text is in, as an ISO 639-1 code where one exists (`en`, `pl`, …). */
export type LanguageDetector = (text: string) => Promise<string>;

// franc answers in ISO 639-3; the rest of the system (and translation providers) speak ISO 639-1.
const ISO_639_1: Record<string, string> = {
  eng: 'en',
  pol: 'pl',
  deu: 'de',
  fra: 'fr',
  spa: 'es',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  rus: 'ru',
  ukr: 'uk',
  ces: 'cs',
  slk: 'sk',
  swe: 'sv',
  dan: 'da',
  nob: 'no',
  fin: 'fi',
  hun: 'hu',
  ron: 'ro',
  tur: 'tr',
  ell: 'el',
  jpn: 'ja',
  cmn: 'zh',
  kor: 'ko',
  arb: 'ar',
  heb: 'he',
  hin: 'hi',
};

/**
 * Local detection with franc: no network. Too little text to tell ("und") counts as English, so short inquiries
 * are not sent for translation on a guess.
 */
export const detectLanguageLocally: LanguageDetector = async (text) => {
  // Restricting the candidates to languages customers actually write in keeps short texts from being
  // mistaken for a close relative (Polish for Serbian, say).
  const code = franc(text, { minLength: 10, only: Object.keys(ISO_639_1) });
  if (code === 'und') return 'en';
  return ISO_639_1[code] ?? code;
};
