import { describe, expect, it } from 'vitest';
import { trimInquiry, validateInquiry } from '../../ui/src/customer/inquiry-validation';

const valid = {
  title: 'Printer',
  name: 'Jo',
  email: 'jo@example.com',
  description: 'It prints only blank pages.',
  category: 'technical' as const,
};

describe('inquiry validation (mirrors POST /api/inquiries/submit)', () => {
  it('accepts an inquiry at the minimum lengths', () => {
    expect(validateInquiry({ ...valid, title: 'abc', name: 'Jo', description: '0123456789' })).toEqual({});
  });

  it('names every failing field with its rule', () => {
    const errors = validateInquiry({
      title: 'ab',
      name: 'J',
      email: 'jo@',
      description: 'short',
      category: 'general',
    });
    expect(errors).toEqual({
      title: 'The title needs at least 3 characters.',
      name: 'The name needs at least 2 characters.',
      email: 'Enter a valid e-mail address.',
      description: 'The description needs at least 10 characters.',
    });
  });

  it('does not count surrounding spaces and rejects unknown categories', () => {
    const errors = validateInquiry({ ...valid, title: '  ab  ', category: 'sales' as never });
    expect(errors.title).toBeDefined();
    expect(errors.category).toBe('Choose a category.');
  });

  it('sends trimmed values with the lower-case category', () => {
    expect(trimInquiry({ ...valid, name: '  Jo ', email: ' jo@example.com ' })).toEqual(valid);
  });
});
