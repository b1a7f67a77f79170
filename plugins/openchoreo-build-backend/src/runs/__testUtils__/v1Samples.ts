import type {
  ComponentTypeV1,
  ComponentV1,
  KubernetesObject,
  Workflow,
  WorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  loadReferenceYaml,
  referencePath,
} from '../../__testUtils__/reference';

const samples = (...parts: string[]) =>
  loadReferenceYaml<KubernetesObject>(
    referencePath('openchoreo', 'samples-v1.2.3', ...parts),
  );

/**
 * Upstream v1.2.3 objects, unchanged (`fixtures/NOTICE.md`): the go-docker-greeter Component and
 * its WorkflowRun (`samples/from-source/services/go-docker-greeter/greeting-service.yaml`), the
 * ClusterWorkflow it uses and the ClusterComponentType it names (`samples/getting-started/`).
 * Each call returns fresh copies.
 */
export function v1Samples(): {
  component: ComponentV1;
  run: WorkflowRun;
  dockerfileBuilder: Workflow;
  paketoBuilder: Workflow;
  serviceType: ComponentTypeV1;
} {
  const [component, run] = samples('from-source', 'greeting-service.yaml');
  return {
    component: component as ComponentV1,
    run: run as WorkflowRun,
    dockerfileBuilder: samples('ci-workflows', 'dockerfile-builder.yaml')[0],
    paketoBuilder: samples('ci-workflows', 'paketo-buildpacks-builder.yaml')[0],
    serviceType: samples('component-types', 'service.yaml')[0],
  };
}
