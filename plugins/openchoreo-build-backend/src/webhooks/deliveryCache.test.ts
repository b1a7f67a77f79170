import { DeliveryCache } from './deliveryCache';

describe('DeliveryCache', () => {
  it('forgets the oldest entries beyond its capacity', () => {
    const cache = new DeliveryCache<number>(2);
    cache.remember('a', 1);
    cache.remember('b', 2);
    cache.remember('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c'), cache.size]).toEqual([2, 3, 2]);
  });

  it('shares one in-flight run between concurrent callers of the same key', async () => {
    const cache = new DeliveryCache<string>();
    let release: (value: string) => void = () => {};
    let calls = 0;
    const work = () => {
      calls += 1;
      return new Promise<string>(resolve => {
        release = resolve;
      });
    };
    const first = cache.run('k', work);
    const second = cache.run('k', work);
    release('done');
    expect(await first).toEqual({ value: 'done', shared: false });
    expect(await second).toEqual({ value: 'done', shared: true });
    expect(calls).toBe(1);
  });
});
