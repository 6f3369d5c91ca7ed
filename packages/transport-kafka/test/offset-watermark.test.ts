import { describe, expect, it } from 'vitest';
import { OffsetWatermark } from '../src/offset-watermark.js';

describe('OffsetWatermark', () => {
  it('moves only over a contiguous run of settled offsets', () => {
    const watermark = new OffsetWatermark();
    for (const offset of ['10', '11', '12', '13']) watermark.track(offset);

    expect(watermark.settle('12'), 'a later offset finishing first does not move it').toBeUndefined();
    expect(watermark.settle('11')).toBeUndefined();
    expect(watermark.current).toBeUndefined();
    expect(watermark.settle('10'), 'the head settling releases everything settled behind it').toBe('12');
    expect(watermark.settle('13')).toBe('13');
  });

  it('handles offsets beyond the range of a double', () => {
    const watermark = new OffsetWatermark();
    watermark.track('9007199254740993');
    watermark.track('9007199254740994');
    expect(watermark.settle('9007199254740993')).toBe('9007199254740993');
    expect(watermark.settle('9007199254740994')).toBe('9007199254740994');
  });
});
