import {
  activeRunFilterCount,
  NO_RUN_FILTERS,
  offeredRunFilterValues,
  runFilterValuesFromSearch,
  statusesFromParams,
  withRunFilterValues,
  type RunFilterValues,
} from './runFilterParams';

const read = (query: string) =>
  runFilterValuesFromSearch(new URLSearchParams(query));

describe('run filter URL parameters', () => {
  it('reads every filter', () => {
    expect(
      read(
        'namespace=acme&project=shop&component=cart&workflow=docker&branch=feature/x&status=Running&status=Failed&trigger=webhook&mine=true',
      ),
    ).toEqual({
      namespace: 'acme',
      project: 'shop',
      component: 'cart',
      workflow: 'docker',
      branch: 'feature/x',
      statuses: ['Running', 'Failed'],
      trigger: 'webhook',
      mine: true,
    });
  });

  it('reads the comma-separated statuses of older links, once each, leaving out unknown ones', () => {
    expect(
      statusesFromParams(['Failed,Running', 'Failed', 'Exploded']),
    ).toEqual(['Running', 'Failed']);
  });

  it('leaves out what it cannot use: an unknown trigger, "mine" not true, blank text', () => {
    expect(read('trigger=robot&mine=yes&branch=%20%20&status=')).toEqual(
      NO_RUN_FILTERS,
    );
  });

  it('writes statuses as repeated parameters and keeps unrelated parameters', () => {
    const values: RunFilterValues = {
      branch: 'main',
      statuses: ['Pending', 'Running'],
      trigger: 'user',
      mine: true,
    };
    const written = withRunFilterValues(
      new URLSearchParams('step=build&component=old&status=Failed'),
      values,
    );
    expect(written.toString()).toBe(
      'step=build&branch=main&status=Pending&status=Running&trigger=user&mine=true',
    );
    expect(runFilterValuesFromSearch(written)).toEqual(values);
  });

  it('clears every filter parameter', () => {
    expect(
      withRunFilterValues(
        new URLSearchParams('namespace=a&status=Failed&trigger=user&mine=true'),
        NO_RUN_FILTERS,
      ).toString(),
    ).toBe('');
  });

  it('counts and keeps only the filters a list offers', () => {
    const values = read('workflow=docker&branch=main&status=Failed&mine=true');
    expect(activeRunFilterCount(values)).toBe(4);
    const offered = offeredRunFilterValues(values, ['branch', 'status']);
    expect(offered).toEqual({
      branch: 'main',
      statuses: ['Failed'],
      mine: false,
    });
    expect(activeRunFilterCount(offered)).toBe(2);
  });
});
