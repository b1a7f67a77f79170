import { z } from 'zod';
import { parse, queryFlag } from './validation';

describe('queryFlag', () => {
  const query = z.object({
    follow: queryFlag(true),
    download: queryFlag(false),
  });

  it('gives the fallback, as a boolean, when the flag is absent', () => {
    expect(parse(query, {}, 'query')).toEqual({
      follow: true,
      download: false,
    });
  });

  it('reads true, 1 and a bare flag as true; false and 0 as false', () => {
    for (const on of ['true', '1', '']) {
      expect(parse(query, { download: on }, 'query').download).toBe(true);
    }
    for (const off of ['false', '0']) {
      expect(parse(query, { follow: off }, 'query').follow).toBe(false);
    }
  });

  it('refuses anything else, naming the parameter', () => {
    expect(() => parse(query, { download: 'yes' }, 'query')).toThrow(
      /download: /,
    );
  });
});
