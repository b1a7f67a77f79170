import { LogStore } from './logStore';
import { FirstErrorScan } from './useFirstErrorLine';

describe('FirstErrorScan', () => {
  it('scans in slices, then only the lines that arrive later, and keeps the first error', () => {
    const store = new LogStore();
    store.appendTexts(
      Array.from({ length: 5000 }, (_, i) => `ok ${i}, 0 errors`),
    );
    const scan = new FirstErrorScan(store);
    scan.advance(3000);
    expect(scan.settled).toBe(false);
    scan.advance(3000);
    expect(scan.settled).toBe(true);
    expect(scan.line).toBeUndefined();

    store.appendTexts([
      'still fine',
      'npm ERR! code ELIFECYCLE',
      'ERROR again',
    ]);
    expect(scan.settled).toBe(false);
    const firstLine = jest.spyOn(store, 'firstLine');
    scan.advance();
    // Only the new lines were scanned.
    expect(firstLine).toHaveBeenCalledWith(expect.anything(), 5000, 5003);
    expect(scan.line).toBe(5001);
    store.appendTexts(['panic: later']);
    scan.advance();
    expect(scan.line).toBe(5001);
    expect(scan.settled).toBe(true);
  });

  it('starts over when the store is cleared', () => {
    const store = new LogStore();
    store.appendTexts(['fine', 'FATAL: first log']);
    const scan = new FirstErrorScan(store);
    scan.advance();
    expect(scan.line).toBe(1);
    store.clear();
    store.appendTexts(['fine', 'fine', 'fine', 'error: second log']);
    scan.advance();
    expect(scan.line).toBe(3);
  });
});
