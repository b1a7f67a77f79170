import { MemoryDeliveryStore } from './deliveryCache';

describe('MemoryDeliveryStore', () => {
  it('forgets the oldest outcomes beyond its capacity', async () => {
    const store = new MemoryDeliveryStore<number>(2);
    await store.remember('a', 1);
    await store.remember('b', 2);
    await store.remember('c', 3);
    expect(await store.recall('a')).toBeUndefined();
    expect([
      await store.recall('b'),
      await store.recall('c'),
      store.size,
    ]).toEqual([2, 3, 2]);
  });

  it('shares one in-flight run between concurrent callers of the same key', async () => {
    const store = new MemoryDeliveryStore<string>();
    let release: (value: string) => void = () => {};
    let calls = 0;
    const work = () => {
      calls += 1;
      return new Promise<string>(resolve => {
        release = resolve;
      });
    };
    const first = store.once('k', work);
    const second = store.once('k', work);
    release('done');
    expect(await first).toEqual({ value: 'done', shared: false });
    expect(await second).toEqual({ value: 'done', shared: true });
    expect(calls).toBe(1);
  });

  it('grants a claim once until it expires or is released', async () => {
    let now = 0;
    const store = new MemoryDeliveryStore<string>(10, () => now);
    expect(await store.claim('build', 1000)).toBe(true);
    expect(await store.claim('build', 1000)).toBe(false);
    now = 1001;
    expect(await store.claim('build', 1000)).toBe(true);
    await store.release('build');
    expect(await store.claim('build', 1000)).toBe(true);
  });
});
