import { z } from 'zod';

// Not whitespace for JavaScript's trim() nor for the regex engines that read the API document (Python's \s does
// not include U+FEFF, which trim() removes).
const VISIBLE = '[^\\s\\uFEFF]';

/**
 * Text a client sends, trimmed, with at least `min` characters left. The minimum is stated as a pattern (a
 * character that is not whitespace, … , another one), so that the API document says what trim() will leave: a
 * plain minLength let "\u00a0" (a no-break space) pass the document and fail here.
 */
export function trimmedText(min: number, message: string): z.ZodString {
  const pattern = min <= 1 ? VISIBLE : `${VISIBLE}[\\s\\S]{${min - 2},}${VISIBLE}`;
  return z.string().regex(new RegExp(pattern), message).trim().min(min, message);
}
