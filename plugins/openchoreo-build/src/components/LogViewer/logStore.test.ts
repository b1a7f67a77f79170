import { LogStore } from './logStore';

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
