import { imageOfWorkloadAnnotation } from '../kubernetes/openchoreoV1';
import {
  generationsServed,
  organizationGeneration,
  workflowsNamespaceFor,
} from './generation';

describe('generationsServed', () => {
  it('reads v0 from ComponentWorkflowRuns, even next to v0.9’s generic Workflow/WorkflowRun', () => {
    expect(
      generationsServed([
        'buildplanes',
        'componentworkflows',
        'componentworkflowruns',
        'workflows',
        'workflowruns',
      ]),
    ).toEqual(['v0']);
  });

  it('reads v1 from the workflow planes plus WorkflowRuns', () => {
    expect(
      generationsServed([
        'workflowplanes',
        'clusterworkflowplanes',
        'workflows',
        'clusterworkflows',
        'workflowruns',
      ]),
    ).toEqual(['v1']);
    expect(generationsServed(['clusterworkflowplanes'])).toEqual([]);
  });

  it('reads both on a control plane in transition, and none on an unrelated one', () => {
    expect(
      generationsServed([
        'componentworkflowruns',
        'workflowplanes',
        'workflowruns',
      ]),
    ).toEqual(['v0', 'v1']);
    expect(generationsServed(['projects', 'components'])).toEqual([]);
  });
});

describe('organizationGeneration', () => {
  it('answers the only generation served, whatever the organization holds', () => {
    expect(organizationGeneration(['v1'], { hasBuildPlane: true })).toBe('v1');
    expect(organizationGeneration(['v0'], { hasBuildPlane: false })).toBe('v0');
  });

  it('with both served, keeps an organization with a BuildPlane on v0 and moves the others to v1', () => {
    expect(organizationGeneration(['v0', 'v1'], { hasBuildPlane: true })).toBe(
      'v0',
    );
    expect(organizationGeneration(['v0', 'v1'], { hasBuildPlane: false })).toBe(
      'v1',
    );
  });

  it('is undefined when the control plane serves no build API', () => {
    expect(
      organizationGeneration([], { hasBuildPlane: false }),
    ).toBeUndefined();
  });

  it('names the v1 build namespace as pipeline.go@v1.2.3 does', () => {
    expect(workflowsNamespaceFor('nova')).toBe('workflows-nova');
  });
});

describe('imageOfWorkloadAnnotation', () => {
  it('reads spec.container.image of the Workload the generate-workload step wrote', () => {
    const workload = JSON.stringify({
      metadata: { name: 'storefront-workload' },
      spec: { container: { image: 'ttl.sh/openchoreo-builds/nova-shop:v1' } },
    });
    expect(imageOfWorkloadAnnotation(workload)).toBe(
      'ttl.sh/openchoreo-builds/nova-shop:v1',
    );
  });

  it('answers nothing for absent, malformed, oversized or non-string values', () => {
    expect(imageOfWorkloadAnnotation(undefined)).toBeUndefined();
    expect(imageOfWorkloadAnnotation('{not json')).toBeUndefined();
    expect(imageOfWorkloadAnnotation('null')).toBeUndefined();
    expect(
      imageOfWorkloadAnnotation('{"spec":{"container":{"image":42}}}'),
    ).toBeUndefined();
    expect(
      imageOfWorkloadAnnotation(
        JSON.stringify({
          spec: { container: { image: 'x' } },
          pad: 'a'.repeat(300 * 1024),
        }),
      ),
    ).toBeUndefined();
  });
});
