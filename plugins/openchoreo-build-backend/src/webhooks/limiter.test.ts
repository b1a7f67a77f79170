import { DeliveryLimiter } from './limiter';

describe('DeliveryLimiter', () => {
  it('lets maxActive through, queues maxWaiting and refuses the rest with 503', async () => {
    const limiter = new DeliveryLimiter(2, 1);
    const a = await limiter.acquire();
    await limiter.acquire();
    let thirdStarted = false;
    const third = limiter.acquire().then(release => {
      thirdStarted = true;
      return release;
    });
    await expect(limiter.acquire()).rejects.toMatchObject({
      statusCode: 503,
      retryAfterSeconds: 10,
      message: expect.stringContaining('retry later'),
    });
    expect(limiter.stats).toEqual({ active: 2, waiting: 1 });
    a();
    a(); // releasing twice frees one slot only
    const release = await third;
    expect(thirdStarted).toBe(true);
    expect(limiter.stats).toEqual({ active: 2, waiting: 0 });
    release();
    expect(limiter.stats).toEqual({ active: 1, waiting: 0 });
  });
});
