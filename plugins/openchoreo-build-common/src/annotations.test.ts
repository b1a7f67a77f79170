import {
  getOpenChoreoComponentRef,
  isOpenChoreoComponent,
} from './annotations';

const annotated = {
  metadata: {
    name: 'greeter-service',
    annotations: {
      'openchoreo.io/namespace': 'default',
      'openchoreo.io/project': ' default ',
      'openchoreo.io/component': 'greeter-service',
    },
  },
};

describe('OpenChoreo annotations', () => {
  it('reads the coordinates, trimmed', () => {
    expect(getOpenChoreoComponentRef(annotated)).toEqual({
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
    });
    expect(isOpenChoreoComponent(annotated)).toBe(true);
  });

  it.each([
    'openchoreo.io/namespace',
    'openchoreo.io/project',
    'openchoreo.io/component',
  ])('needs %s', missing => {
    const annotations: Record<string, string> = {
      ...annotated.metadata.annotations,
    };
    delete annotations[missing];
    expect(
      getOpenChoreoComponentRef({ metadata: { name: 'x', annotations } }),
    ).toBeUndefined();
    expect(
      isOpenChoreoComponent({ metadata: { name: 'x', annotations } }),
    ).toBe(false);
  });

  it('takes the namespace from the legacy openchoreo.io/organization annotation (v0.9-era provider)', () => {
    const legacy = {
      metadata: {
        name: 'greeter-service',
        annotations: {
          'openchoreo.io/organization': 'acme',
          'openchoreo.io/project': 'shop',
          'openchoreo.io/component': 'greeter-service',
        },
      },
    };
    expect(getOpenChoreoComponentRef(legacy)).toEqual({
      namespace: 'acme',
      project: 'shop',
      component: 'greeter-service',
    });
    expect(isOpenChoreoComponent(legacy)).toBe(true);
    // The current annotation wins when both are present.
    expect(
      getOpenChoreoComponentRef({
        metadata: {
          name: 'x',
          annotations: {
            ...legacy.metadata.annotations,
            'openchoreo.io/namespace': 'current',
          },
        },
      })?.namespace,
    ).toBe('current');
  });

  it('treats a blank value as missing', () => {
    const annotations = {
      ...annotated.metadata.annotations,
      'openchoreo.io/project': '  ',
    };
    expect(
      isOpenChoreoComponent({ metadata: { name: 'x', annotations } }),
    ).toBe(false);
  });

  it('copes with an entity without annotations', () => {
    expect(isOpenChoreoComponent({ metadata: { name: 'x' } })).toBe(false);
  });
});
