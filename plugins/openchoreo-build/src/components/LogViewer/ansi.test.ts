import {
  ansi256,
  NO_STYLE,
  parseAnsi,
  stripAnsi,
  styleAfter,
  styleToCss,
} from './ansi';

describe('ANSI SGR', () => {
  it('parses 16 colours, bold and reset', () => {
    const { segments } = parseAnsi(
      '\u001b[1;31mError:\u001b[0m plain \u001b[92mok',
    );
    expect(segments).toEqual([
      { text: 'Error:', style: { bold: true, fg: '#e95a5a' } },
      { text: ' plain ' },
      { text: 'ok', style: { fg: '#23d18b' } },
    ]);
  });

  it('parses 256-colour and truecolor foreground / background', () => {
    const { segments } = parseAnsi(
      '\u001b[38;5;208mA\u001b[48;2;10;20;30mB\u001b[39;49mC',
    );
    expect(segments[0].style).toEqual({ fg: ansi256(208) });
    expect(ansi256(208)).toBe('#ff8700');
    expect(ansi256(244)).toBe('#808080');
    expect(segments[1].style).toEqual({ fg: '#ff8700', bg: '#0a141e' });
    expect(segments[2]).toEqual({ text: 'C' });
  });

  it('drops other escape sequences and keeps lines without escapes as they are', () => {
    expect(
      stripAnsi('\u001b[2K\u001b[1Gprogress \u001b]0;title\u0007done'),
    ).toBe('progress done');
    expect(parseAnsi('no escapes').segments).toEqual([{ text: 'no escapes' }]);
    expect(parseAnsi('').segments).toEqual([]);
  });

  it('strips lines joined with newlines as it strips each line', () => {
    const lines = [
      '\u001b]0;unterminated title',
      'next \u001b[32mgreen\u001b[0m',
      'cut CSI \u001b[1;3',
      '2m not a colour; lone escape at the end \u001b',
      '\u001b]8;;https://example.com\u001b\\link\u001b]8;;\u001b\\ done',
    ];
    expect(stripAnsi(lines.join('\n'))).toBe(lines.map(stripAnsi).join('\n'));
    expect(stripAnsi(lines[1])).toBe('next green');
    expect(stripAnsi(lines[4])).toBe('link done');
  });

  it('maps styles to CSS', () => {
    expect(styleToCss({ fg: '#fff', bold: true, underline: true })).toEqual({
      color: '#fff',
      fontWeight: 700,
      textDecoration: 'underline',
    });
    expect(styleToCss(undefined)).toBeUndefined();
  });
});

describe('styleAfter', () => {
  const red = { fg: '#e95a5a' };

  it('keeps the carried style over lines without SGR sequences', () => {
    expect(styleAfter('plain', red)).toBe(red);
    expect(styleAfter('cursor \u001b[2K moves', red)).toBe(red);
    expect(styleAfter('plain', NO_STYLE)).toBe(NO_STYLE);
  });

  it('ends in the default style when the last SGR is a reset, whatever follows', () => {
    expect(styleAfter('\u001b[31mred\u001b[0m', NO_STYLE)).toBe(NO_STYLE);
    expect(styleAfter('\u001b[1mbold\u001b[m text\u001b[K', red)).toBe(
      NO_STYLE,
    );
    expect(styleAfter('x\u001b[0;0m', red)).toBe(NO_STYLE);
  });

  it('returns the style a line leaves on, from the one it started in', () => {
    expect(styleAfter('\u001b[31mred from here', NO_STYLE)).toEqual(red);
    expect(styleAfter('now bold too \u001b[1m', red)).toEqual({
      ...red,
      bold: true,
    });
    // A reset followed by a colour in the same sequence is no reset.
    expect(styleAfter('\u001b[0;32mgreen', red)).toEqual({ fg: '#0dbc79' });
    expect(styleAfter('\u001b[39mdefault colour', red)).toBe(NO_STYLE);
  });
});
