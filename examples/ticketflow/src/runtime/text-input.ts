import { z } from 'zod';

// Not whitespace for JavaScript's trim() nor for the regex engines that read the API document (Python's \s does
// not include U+FEFF, which trim() removes).
const VISIBLE = '[^\\s\\uFEFF\\u0000]';
// PostgreSQL's text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00", a 500 the fuzzing found).
const ANY = '[^\\u0000]';

/**
 * Text a client sends, trimmed, with at least `min` characters left. The minimum is stated as a pattern (a
 * character that is not whitespace, … , another one), so that the API document says what trim() will leave: a
 * plain minLength let "\u00a0" (a no-break space) pass the document and fail here.
 */
export function trimmedText(min: number, message: string): z.ZodString {
  const middle = min <= 1 ? VISIBLE : `${VISIBLE}${ANY}{${min - 2},}${VISIBLE}`;
  const pattern = `^${ANY}*${middle}${ANY}*$`;
  return z.string().regex(new RegExp(pattern), message).trim().min(min, message);
}
