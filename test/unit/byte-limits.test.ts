import { describe, expect, it } from 'vitest';
import { splitBytes, truncateBytes } from '../../src/cards/markdown.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('byte limits', () => {
  it('cuts at a byte budget without splitting a character, marking the cut', () => {
    expect(truncateBytes('short', 10)).toBe('short');
    const cut = truncateBytes('告警'.repeat(10), 20);
    expect(bytes(cut)).toBeLessThanOrEqual(20);
    expect(cut).toBe('告警告警告…');
    expect(truncateBytes('🔴🔴🔴', 9)).toBe('🔴…');
  });

  it('splits between lines, and cuts a line longer than a part at whole characters', () => {
    expect(splitBytes('aaa\nbbb\nccc', 7)).toEqual(['aaa\nbbb', 'ccc']);
    const parts = splitBytes(`head\n${'长'.repeat(5)}`, 9);
    expect(parts).toEqual(['head', '长长长', '长长']);
    expect(parts.join('')).toBe(`head${'长'.repeat(5)}`);
  });
});
