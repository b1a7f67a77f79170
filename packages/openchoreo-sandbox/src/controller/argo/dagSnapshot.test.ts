import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { planWorkflow } from '../../__testUtils__/dagPlan';
import { REFERENCE } from '../../__testUtils__/harness';
import type { KObject } from '../../apiserver/types';
import type { ArgoNode } from './argoTypes';
import { MISSING_DOCKERFILE } from './scripts';
import { snapshot } from './snapshot';

/**
 * The sandbox's status nodes of a finished DAG, field by field against real Argo's: the vendored
 * `fixtures/reference/argo-workflows/dag-*.yaml`. Each Workflow's own spec (and name, so node ids
 * and pod names must come out the same) is run by the sandbox and compared with the status Argo
 * wrote for it.
 */

/** A node as the fixtures hold it (YAML). */
type ReferenceNode = Record<string, unknown> & {
  id: string;
  children?: string[];
  outputs?: { exitCode?: string; artifacts?: Array<{ s3?: { key?: string } }> };
};

interface ReferenceWorkflow {
  metadata: { name: string; namespace?: string; creationTimestamp?: string };
  spec: Record<string, unknown>;
  status: { phase: string; nodes: Record<string, ReferenceNode> };
}

function reference(name: string): ReferenceWorkflow {
  return YAML.parse(
    readFileSync(join(REFERENCE, 'argo-workflows', `${name}.yaml`), 'utf8'),
  );
}

/** The fixture's Workflow as submitted: its name and spec, no status. */
function submitted(ref: ReferenceWorkflow, spec = ref.spec): KObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: ref.metadata.name,
      namespace: ref.metadata.namespace ?? 'argo',
      uid: `uid-${ref.metadata.name}`,
    },
    spec,
  };
}

/** The sandbox's nodes once the run has ended. */
function finalNodes(wf: KObject) {
  const plan = planWorkflow(wf);
  const end = snapshot(plan, plan.endMs);
  expect(end.done).toBe(true);
  return { end, nodes: end.status.nodes as Record<string, ArgoNode> };
}

/** What the emulation must reproduce exactly. */
const SHAPE = [
  'type',
  'name',
  'displayName',
  'boundaryID',
  'templateName',
  'templateScope',
  'phase',
  'message',
  'outboundNodes',
] as const;

function shapeOf(node: object): Record<string, unknown> {
  const fields = new Map<string, unknown>(Object.entries(node));
  return Object.fromEntries(SHAPE.map(key => [key, fields.get(key)]));
}

/**
 * A node's fields. (Argo's `outputs` also list the log archive, `main-logs` in S3, which has no
 * counterpart: the sandbox serves logs from pods and the observer.) `nodeFlag: {}` is what v3.6
 * gives an omitted node (`dag.go`), newer than the 2020 fixture.
 */
function fieldsOf(node: object): string[] {
  return Object.keys(node)
    .filter(k => k !== 'nodeFlag')
    .sort();
}

/** `fn` of every node, by id. */
function each<N extends object, T>(
  nodes: Record<string, N>,
  fn: (node: N) => T,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(nodes).map(([id, node]) => [id, fn(node)]),
  );
}

describe('DAG status nodes against real Argo', () => {
  it('dag-diamond-succeeded (v3.6): same nodes, ids, fields, children, phases, pod names', () => {
    const ref = reference('dag-diamond-succeeded');
    const { end, nodes } = finalNodes(submitted(ref));
    expect(end.phase).toBe(ref.status.phase);
    expect(Object.keys(nodes)).toEqual(Object.keys(ref.status.nodes).sort());
    const expected = ref.status.nodes;
    expect(each(nodes, shapeOf)).toEqual(each(expected, shapeOf));
    expect(each(nodes, fieldsOf)).toEqual(each(expected, fieldsOf));
    // A's children are [B, C] here as upstream (created in one pass: upstream's order there is
    // Go map order, the sandbox's the tasks').
    expect(each(nodes, n => n.children)).toEqual(
      each(expected, n => n.children),
    );
    expect(each(nodes, n => n.progress)).toEqual(
      each(expected, n => n.progress),
    );
    expect(each(nodes, n => n.inputs)).toEqual(each(expected, n => n.inputs));
    expect(each(nodes, n => n.outputs?.exitCode)).toEqual(
      each(expected, n => n.outputs?.exitCode),
    );
    // The archived log's key names the pod: `<wf>/<pod>/main.log` (pod name format v2).
    const podOfNode = Object.fromEntries(
      end.pods.map(p => [
        p.metadata.annotations?.['workflows.argoproj.io/node-id'],
        p.metadata.name,
      ]),
    );
    expect(podOfNode).toEqual(
      Object.fromEntries(
        Object.values(expected).flatMap(n => {
          const key = n.outputs?.artifacts?.[0]?.s3?.key;
          return key ? [[n.id, key.split('/')[1]]] : [];
        }),
      ),
    );
    // Timing as upstream: B and C side by side after A, D after both, the DAG after D.
    const byName = (n: string) =>
      Object.values(nodes).find(x => x.displayName === n)!;
    expect(byName('B').startedAt).toBe(byName('C').startedAt);
    expect(byName('B').startedAt >= byName('A').finishedAt!).toBe(true);
    expect(byName('D').startedAt >= byName('C').finishedAt!).toBe(true);
    expect(
      byName('dag-diamond-82q7s').finishedAt! >= byName('D').finishedAt!,
    ).toBe(true);
    expect(byName('dag-diamond-82q7s').resourcesDuration).toBeDefined();
  });

  it('dag-failed-middle-task-omitted: the same omissions and links after C fails', () => {
    const ref = reference('dag-failed-middle-task-omitted');
    // The sandbox fails a build step (its failure hook), not an `exit 1` container: C runs the
    // build-step template of a build whose app path asks for the missing Dockerfile.
    const spec = structuredClone(ref.spec) as {
      arguments?: unknown;
      templates: Array<{ dag?: { tasks: Array<Record<string, unknown>> } }>;
    };
    const tasks = spec.templates.find(t => t.dag)!.dag!.tasks;
    tasks.find(t => t.name === 'C')!.template = 'build-step';
    spec.arguments = {
      parameters: [{ name: 'app-path', value: `/${MISSING_DOCKERFILE}` }],
    };
    const { end, nodes } = finalNodes(submitted(ref, spec));
    expect(Object.keys(nodes)).toEqual(Object.keys(ref.status.nodes).sort());
    const want = each(ref.status.nodes, n => {
      const shape = shapeOf(n);
      if (n.displayName === 'C') {
        shape.templateName = 'build-step';
        shape.message = 'Error (exit code 125)'; // the build's exit, as the executor reports it
      }
      // The fixture was trimmed by its authors: should-execute-3 runs `pass` yet shows exit
      // code 1. Upstream's own e2e test of this DAG (TestDAGDepends,
      // test/e2e/functional_test.go) expects it Succeeded, and the workflow with it.
      if (n.displayName === 'should-execute-3' || n.type === 'DAG')
        shape.phase = 'Succeeded';
      return shape;
    });
    // Go's map order decides the outbound nodes' order in the 2020 fixture; v3.6 sorts targets.
    const sortedOutbound = (shape: Record<string, unknown>) => ({
      ...shape,
      outboundNodes: Array.isArray(shape.outboundNodes)
        ? [...shape.outboundNodes].sort()
        : undefined,
    });
    expect(each(nodes, n => sortedOutbound(shapeOf(n)))).toEqual(
      each(want, sortedOutbound),
    );
    // Children in creation order; within one controller pass upstream's is Go map order.
    const sortedChildren = (n: { children?: string[] }) =>
      [...(n.children ?? [])].sort();
    expect(each(nodes, sortedChildren)).toEqual(
      each(ref.status.nodes, sortedChildren),
    );
    // The omitted node: the same fields, at one instant.
    const omitted = Object.values(ref.status.nodes).find(
      n => n.phase === 'Omitted',
    )!;
    expect(fieldsOf(nodes[omitted.id])).toEqual(fieldsOf(omitted));
    expect(nodes[omitted.id].startedAt).toBe(nodes[omitted.id].finishedAt);
    expect(end.phase).toBe('Succeeded');
  });
});
