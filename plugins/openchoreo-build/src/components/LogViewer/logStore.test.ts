import { stripAnsi } from './ansi';
import {
  foldCase,
  LogStore,
  type LineRule,
  type SearchResult,
} from './logStore';

describe('LogStore', () => {
  it('stores many lines compactly and reads them back', () => {
    const store = new LogStore();
    const texts = Array.from(
      { length: 10_000 },
      (_, i) => `line ${i} \u001b[32mgreen\u001b[0m`,
    );
    store.append(
      texts.map((text, n) => ({
        n,
        ts: `2024-05-01T10:00:00.${String(n).padStart(9, '0')}Z`,
        text,
      })),
    );
    expect(store.length).toBe(10_000);
    expect(store.text(4097)).toBe(texts[4097]);
    expect(store.timestamp(4097)).toBe('2024-05-01T10:00:00.000004097Z');
    expect(store.plainLength(3)).toBe('line 3 green'.length);
    expect(store.plainText(0, 2)).toBe('line 0 green\nline 1 green');
  });

  it('ignores repeats and counts gaps', () => {
    const store = new LogStore();
    store.append([
      { n: 0, text: 'a' },
      { n: 1, text: 'b' },
    ]);
    store.append([
      { n: 1, text: 'b' },
      { n: 2, text: 'c' },
    ]);
    expect(store.length).toBe(3);
    expect(store.duplicates).toBe(1);
    expect(store.gaps).toBe(0);
  });

  it('searches case-insensitively across chunks, ignoring escape sequences', () => {
    const store = new LogStore();
    store.appendTexts(
      Array.from({ length: 5000 }, (_, i) =>
        i % 1000 === 7 ? `ERROR \u001b[1mfa\u001b[0miled at ${i}` : `ok ${i}`,
      ),
    );
    const result = store.search('failed');
    expect(result.count).toBe(5);
    expect(Array.from(result.lines.subarray(0, result.count))).toEqual([
      7, 1007, 2007, 3007, 4007,
    ]);
    expect(result.columns[0]).toBe('ERROR '.length);
    expect(store.search('OK 4999').count).toBe(1);
    expect(store.search('').count).toBe(0);
  });
});

describe('LogStore.search', () => {
  /** Chunk size of the store (lines 0…2047 are sealed into one string, and so on). */
  const CHUNK = 2048;

  /** What search must return: every line searched on its own, ANSI stripped, case folded. */
  function naiveSearch(texts: string[], query: string) {
    const q = foldCase(query);
    const found: Array<[number, number]> = [];
    if (!q) return found;
    texts.forEach((text, line) => {
      const plain = foldCase(stripAnsi(text));
      for (
        let at = plain.indexOf(q);
        at !== -1;
        at = plain.indexOf(q, at + q.length)
      )
        found.push([line, at]);
    });
    return found;
  }

  const pairs = (result: SearchResult) =>
    Array.from(result.lines.subarray(0, result.count), (line, k) => [
      line,
      result.columns[k],
    ]);

  it('finds matches on both sides of a chunk boundary and in the open tail', () => {
    const store = new LogStore();
    const texts = Array.from({ length: 2 * CHUNK + 10 }, (_, i) => `line ${i}`);
    // Last line of the first chunk, first of the second, last sealed line, first open line.
    for (const i of [CHUNK - 1, CHUNK, 2 * CHUNK - 1, 2 * CHUNK])
      texts[i] = `needle at ${i} and needle`;
    store.appendTexts(texts);
    expect(pairs(store.search('NEEDLE'))).toEqual([
      [CHUNK - 1, 0],
      [CHUNK - 1, `needle at ${CHUNK - 1} and `.length],
      [CHUNK, 0],
      [CHUNK, `needle at ${CHUNK} and `.length],
      [2 * CHUNK - 1, 0],
      [2 * CHUNK - 1, `needle at ${2 * CHUNK - 1} and `.length],
      [2 * CHUNK, 0],
      [2 * CHUNK, `needle at ${2 * CHUNK} and `.length],
    ]);
  });

  it('matches across escape sequences and reports columns in the displayed text', () => {
    const store = new LogStore();
    const texts = Array.from({ length: CHUNK + 1 }, () => 'plain');
    texts[5] =
      '\u001b[1;31mERR\u001b[0mOR \u001b]0;title\u0007in \u001b[32mstep\u001b[0m';
    texts[CHUNK] = texts[5]; // the same line in the open tail
    store.appendTexts(texts);
    const result = store.search('error in step');
    expect(pairs(result)).toEqual([
      [5, 0],
      [CHUNK, 0],
    ]);
    expect(pairs(store.search('in step'))).toEqual([
      [5, 'ERROR '.length],
      [CHUNK, 'ERROR '.length],
    ]);
    // The escape sequences themselves are not searchable text.
    expect(store.search('[1;31m').count).toBe(0);
    expect(store.search('title').count).toBe(0);
    expect(store.plainLength(5)).toBe('ERROR in step'.length);
    expect(store.plainLength(CHUNK)).toBe('ERROR in step'.length);
  });

  it('never matches across lines, nor a query longer than a line', () => {
    const store = new LogStore();
    const texts = Array.from({ length: CHUNK + 4 }, (_, i) =>
      i % 2 ? 'cd' : 'ab',
    );
    store.appendTexts(texts);
    expect(store.search('b').count).toBe(CHUNK / 2 + 2);
    expect(store.search('bc').count).toBe(0);
    expect(store.search('b\nc').count).toBe(0);
    expect(store.search('abcd').count).toBe(0);
    expect(store.search('x'.repeat(10_000)).count).toBe(0);
  });

  it('keeps line offsets right when a line holds a newline of its own', () => {
    const store = new LogStore();
    const texts = Array.from(
      { length: CHUNK + 1 },
      (_, i) => `\u001b[1m${i}\u001b[0m`,
    );
    texts[3] = 'two\nrows \u001b[31mfound\u001b[0m';
    store.appendTexts(texts);
    expect(pairs(store.search('found'))).toEqual([[3, 'two\nrows '.length]]);
    expect(pairs(store.search('2047'))).toEqual([[2047, 0]]);
    expect(store.plainLength(3)).toBe('two\nrows found'.length);
  });

  it('finds nothing for an empty query', () => {
    const store = new LogStore();
    store.appendTexts(Array.from({ length: CHUNK + 1 }, () => 'text'));
    const result = store.search('');
    expect(result.count).toBe(0);
    expect(result.query).toBe('');
  });

  it('finds lines appended after a search, in the open tail and once sealed', () => {
    const store = new LogStore();
    store.appendTexts(Array.from({ length: CHUNK - 2 }, (_, i) => `ok ${i}`));
    store.appendTexts(['FAILED early']);
    expect(pairs(store.search('failed'))).toEqual([[CHUNK - 2, 0]]);
    // These seal the first chunk and open the second.
    store.appendTexts(['ok', 'failed late', 'more FAILED']);
    expect(pairs(store.search('failed'))).toEqual([
      [CHUNK - 2, 0],
      [CHUNK, 0],
      [CHUNK + 1, 'more '.length],
    ]);
    store.clear();
    expect(store.search('failed').count).toBe(0);
  });

  it('folds case so that columns stay those of the displayed text', () => {
    const store = new LogStore();
    // 'İ'.toLowerCase() is two characters long: folding keeps it one.
    const texts = Array.from(
      { length: CHUNK + 1 },
      () => 'İSTANBUL İstanbul istanbul',
    );
    store.appendTexts(texts);
    expect(pairs(store.search('istanbul')).slice(0, 3)).toEqual([
      [0, 0],
      [0, 9],
      [0, 18],
    ]);
    expect(pairs(store.search('İSTANBUL')).slice(-3)).toEqual([
      [CHUNK, 0],
      [CHUNK, 9],
      [CHUNK, 18],
    ]);
    expect(store.plainLength(0)).toBe(texts[0].length);
  });

  it('stops at the limit', () => {
    const store = new LogStore();
    store.appendTexts(Array.from({ length: CHUNK * 2 }, () => 'a a a'));
    const result = store.search('a', 5000);
    expect(result.count).toBe(5000);
    expect(result.lines[4999]).toBe(Math.floor(4999 / 3));
  });

  it('returns what searching every line on its own returns (random logs)', () => {
    // A small alphabet makes overlapping and adjacent matches common.
    let seed = 42;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pieces = [
      'a',
      'A',
      'b',
      'B',
      'ab',
      ' ',
      'İ',
      'i',
      '\u001b[31m',
      '\u001b[0m',
      '\u001b[1;4m',
      // An OSC without its terminator runs to the end of the line; a lone ESC stays text.
      '\u001b]0;title a',
      '\u001b',
    ];
    const texts = Array.from({ length: 3 * CHUNK + 77 }, () =>
      Array.from(
        { length: random(12) },
        () => pieces[random(pieces.length)],
      ).join(''),
    );
    const store = new LogStore();
    store.appendTexts(texts);
    for (const query of ['a', 'AB', 'aba', 'b a', 'bb', 'İ', 'iab', 'ab ab']) {
      const expected = naiveSearch(texts, query);
      expect(expected.length).toBeGreaterThan(0);
      expect(pairs(store.search(query))).toEqual(expected);
    }
  });
});

describe('LogStore.styleAt (ANSI state carried across lines)', () => {
  const CHUNK = 2048;
  const red = { fg: '#e95a5a' };

  it('colours the lines between a colour and its reset', () => {
    const store = new LogStore();
    store.appendTexts([
      '\u001b[31mred starts on line 1',
      'line 2 is red',
      'line 3 resets\u001b[0m',
      'line 4 is plain',
    ]);
    expect(store.styleAt(0)).toEqual({});
    expect(store.styleAt(1)).toEqual(red);
    expect(store.styleAt(2)).toEqual(red);
    expect(store.styleAt(3)).toEqual({});
  });

  it('records nothing for lines that reset their own colours', () => {
    const store = new LogStore();
    store.appendTexts(
      Array.from({ length: 3 * CHUNK }, (_, i) => `\u001b[32m${i}\u001b[0m`),
    );
    for (const i of [0, 1, CHUNK, 3 * CHUNK - 1])
      expect(store.styleAt(i)).toEqual({});
  });

  it('carries a style across chunks and into lines appended later, and forgets it on clear', () => {
    const store = new LogStore();
    const texts = Array.from({ length: CHUNK + 10 }, (_, i) => `line ${i}`);
    texts[5] = 'bold from here \u001b[1m';
    texts[CHUNK + 2] = 'and red \u001b[31m';
    store.appendTexts(texts);
    expect(store.styleAt(5)).toEqual({});
    expect(store.styleAt(6)).toEqual({ bold: true });
    expect(store.styleAt(CHUNK + 2)).toEqual({ bold: true });
    expect(store.styleAt(CHUNK + 3)).toEqual({ bold: true, ...red });
    store.appendTexts(['still bold and red', '\u001b[0mreset']);
    expect(store.styleAt(CHUNK + 10)).toEqual({ bold: true, ...red });
    expect(store.styleAt(CHUNK + 11)).toEqual({ bold: true, ...red });
    store.appendTexts(['plain']);
    expect(store.styleAt(CHUNK + 12)).toEqual({});
    store.clear();
    store.appendTexts(['plain again', 'and again']);
    expect(store.styleAt(1)).toEqual({});
  });
});

describe('LogStore.firstLine', () => {
  const CHUNK = 2048;
  const rule: LineRule = {
    keywords: ['boom'],
    test: line => /\bBOOM\b/.test(line),
  };
  /** What firstLine must return: every line tested on its own. */
  const naive = (texts: string[], from: number, to: number) => {
    for (let i = from; i < Math.min(to, texts.length); i += 1) {
      const plain = stripAnsi(texts[i]);
      if (foldCase(plain).includes('boom') && rule.test(plain)) return i;
    }
    return -1;
  };

  it('tests only lines holding a keyword, across chunks and the open tail', () => {
    const texts = Array.from({ length: 2 * CHUNK + 50 }, (_, i) =>
      // Lower-case "boom" holds the keyword but fails the rule: the scan goes on past it.
      i % 300 === 0 ? `boom ${i}` : `line ${i}`,
    );
    texts[CHUNK + 7] = '\u001b[31mBO\u001b[0mOM in the second chunk';
    texts[2 * CHUNK + 20] = 'BOOM in the open tail';
    const store = new LogStore();
    store.appendTexts(texts);
    const tested: string[] = [];
    const counting: LineRule = {
      ...rule,
      test: line => {
        tested.push(line);
        return rule.test(line);
      },
    };
    expect(store.firstLine(counting)).toBe(CHUNK + 7);
    expect(
      tested.every(line => line.includes('boom') || line.includes('BOOM')),
    ).toBe(true);
    for (const [from, to] of [
      [0, CHUNK + 7],
      [CHUNK + 8, 2 * CHUNK + 50],
      [CHUNK + 8, 2 * CHUNK + 20],
      [2 * CHUNK + 21, 2 * CHUNK + 50],
      [CHUNK + 7, CHUNK + 8],
    ])
      expect(store.firstLine(rule, from, to)).toBe(naive(texts, from, to));
    expect(store.firstLine(rule, CHUNK + 8)).toBe(2 * CHUNK + 20);
  });

  it('returns what testing every line returns (random logs)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pieces = [
      'boom',
      'BOOM',
      'BOOMS',
      'x',
      ' ',
      '\u001b[1m',
      '\u001b[0m',
    ];
    const texts = Array.from({ length: 2 * CHUNK + 300 }, () =>
      Array.from(
        { length: random(4) },
        () => pieces[random(pieces.length)],
      ).join(''),
    );
    const store = new LogStore();
    store.appendTexts(texts);
    for (let k = 0; k < 40; k += 1) {
      const from = random(texts.length);
      const to = from + random(texts.length);
      expect(store.firstLine(rule, from, to)).toBe(naive(texts, from, to));
    }
  });
});
