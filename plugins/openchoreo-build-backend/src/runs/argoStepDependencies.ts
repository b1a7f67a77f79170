import type { ArgoNodeStatus } from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * Nodes that hold other nodes rather than run: their `children` are what they contain (a step
 * group's steps, a DAG's first tasks, a Retry's attempts), not what runs after them.
 */
const CONTAINER_TYPES: ReadonlySet<string> = new Set([
  'Steps',
  'StepGroup',
  'DAG',
  'TaskGroup',
  'Retry',
]);

/**
 * The steps each step starts after, from an Argo Workflow's node graph.
 *
 * Argo links what runs next as a child of the outbound (leaf) nodes of what it follows: step group
 * `[1]` is a child of every pod of group `[0]`, DAG task `D` a child of `B` and `C` (of the last
 * attempt when retried, of a nested DAG's leaves when the dependency is a DAG). So a step's
 * dependencies are found by walking up from its node to its parents: a leaf parent (Pod, Skipped,
 * Omitted, …) is a step it follows, counted as the step that owns it (a retry attempt counts as
 * its Retry step); a container parent (the step group, the DAG holding a task, a Retry around a
 * template of steps) is climbed through to its own parents. Nodes not owned by a step (Suspend,
 * a container set's Container) are climbed through too. Steps with no step before them (the first
 * group, a DAG's root tasks, the exit handler's first steps) get an empty list.
 *
 * @param nodes - the Workflow's nodes by id (as in `status.nodes`)
 * @param stepIdOf - the id of the step that owns a node (the node itself, or its Retry), if any
 * @param stepOwners - for each step id, the node its walk starts from (the Retry of a retried step)
 * @returns the dependencies of every step in `stepOwners`, in `stepOwners` order, without duplicates
 */
export function argoStepDependencies(
  nodes: ReadonlyMap<string, ArgoNodeStatus>,
  stepIdOf: (nodeKey: string) => string | undefined,
  stepOwners: ReadonlyMap<string, string>,
): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const [key, node] of nodes) {
    for (const child of Array.isArray(node.children) ? node.children : []) {
      if (child === key || !nodes.has(child)) continue;
      if (!parents.has(child)) parents.set(child, []);
      parents.get(child)!.push(key);
    }
  }
  const stepOrder = new Map([...stepOwners.keys()].map((id, i) => [id, i]));

  const dependencies = new Map<string, string[]>();
  for (const [stepId, ownerKey] of stepOwners) {
    const found = new Set<string>();
    const visited = new Set<string>([ownerKey]);
    const pending = [...(parents.get(ownerKey) ?? [])];
    while (pending.length > 0) {
      const key = pending.pop()!;
      if (visited.has(key)) continue;
      visited.add(key);
      const type = String(nodes.get(key)?.type ?? '');
      const owner = CONTAINER_TYPES.has(type) ? undefined : stepIdOf(key);
      if (owner !== undefined) {
        if (owner !== stepId) found.add(owner);
      } else {
        pending.push(...(parents.get(key) ?? []));
      }
    }
    dependencies.set(
      stepId,
      [...found].sort(
        (a, b) => (stepOrder.get(a) ?? 0) - (stepOrder.get(b) ?? 0),
      ),
    );
  }
  return dependencies;
}
