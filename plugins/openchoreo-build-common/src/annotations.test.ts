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
