import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteFrom } from '../../src/badges/render.ts';
import { displayText, graphemesOf } from '../../src/badges/scripts.ts';

describe('the quote on a share card', () => {
  it('is the whole story when it is short enough, spaces collapsed', () => {
    expect(quoteFrom('  Merci   pour tout !\n', 40)).toBe('Merci pour tout !');
  });

  it('is cut after a whole word, with an ellipsis', () => {
    expect(quoteFrom('Elle a pris le temps de tout m’expliquer', 20)).toBe('Elle a pris le…');
    expect(quoteFrom('Merci, vraiment, merci beaucoup', 17)).toBe('Merci, vraiment…');
  });

  it('cuts a single word too long for the quote inside it', () => {
    expect(quoteFrom('Extraordinairement', 8)).toBe('Extraor…');
  });

  it('cuts Chinese, written without spaces, between words', () => {
    const story = '她耐心地解释了每一个选项，让我感到非常安心。';
    const quote = quoteFrom(story, 10);
    expect(quote.endsWith('…')).toBe(true);
    expect(graphemesOf(quote).length).toBeLessThanOrEqual(10);
    expect(story.startsWith(quote.slice(0, -1))).toBe(true);
  });

  it('counts a character as a reader does: an accented letter or a flag is one', () => {
    expect(quoteFrom('Zoe\u0301', 3)).toBe('Zoe\u0301'); // four code points, three characters
    expect(graphemesOf(quoteFrom('👍🏽👍🏽👍🏽 merci beaucoup', 6)).length).toBeLessThanOrEqual(6);
  });

  it('is never longer than asked, and always the start of the story', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 2, max: 200 }), (story, max) => {
        const quote = quoteFrom(story, max);
        const text = story.replace(/\s+/gu, ' ').trim();
        expect(graphemesOf(quote).length).toBeLessThanOrEqual(max);
        if (graphemesOf(text).length <= max) expect(quote).toBe(text);
        else {
          expect(quote.endsWith('…')).toBe(true);
          expect(text.startsWith(quote.slice(0, -1))).toBe(true);
        }
      }),
    );
  });
});

describe('the text a badge draws', () => {
  it('leaves emoji out and keeps the symbols the fonts have', () => {
    expect(displayText('Merci 🙏🏽 pour le café ☕️ et le sourire 😊 © 2026 ™')).toBe('Merci pour le café et le sourire © 2026 ™');
    expect(displayText('🇨🇦 Zoë 👩‍👧 1️⃣')).toBe('Zoë');
  });

  it('composes decomposed accents', () => {
    expect(displayText('Zoe\u0308')).toBe('Zoë');
  });
});
