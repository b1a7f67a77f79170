import { isRecord } from '../../apiserver/types';

/** `status.tasks[]` of a WorkflowRun (`WorkflowTask`, `api/v1alpha1/workflowrun_types.go@v1.2.3`). */
export interface WorkflowTask {
  name: string;
  phase?: string;
  startedAt?: string;
  completedAt?: string;
  message?: string;
}

/** `extractArgoStepOrderFromNodeName`: N of the last `[N]` in the node name, else -1. */
function stepOrder(nodeName: string): number {
  const m = /\[(\d+)\][^[]*$/.exec(nodeName);
  return m ? Number(m[1]) : -1;
}

/**
 * `extractArgoTasksFromWorkflowNodes` (`internal/controller/workflowrun/controller.go@v1.2.3`):
 * the Argo Workflow's Pod nodes, named by `displayName` (else the node name after its last dot),
 * ordered by their step group index (a stable sort, so parallel steps keep the map's order).
 */
export function tasksFromNodes(nodes: unknown): WorkflowTask[] | undefined {
  if (!isRecord(nodes)) return undefined;
  const tasks = Object.values(nodes)
    .filter(isRecord)
    .filter(n => n.type === 'Pod')
    .map(node => {
      const name = String(node.name ?? '');
      const task: WorkflowTask = {
        name:
          typeof node.displayName === 'string' && node.displayName
            ? node.displayName
            : name.slice(name.lastIndexOf('.') + 1),
      };
      // `phase,omitempty`
      if (typeof node.phase === 'string' && node.phase) task.phase = node.phase;
      if (typeof node.startedAt === 'string' && node.startedAt)
        task.startedAt = node.startedAt;
      if (typeof node.finishedAt === 'string' && node.finishedAt)
        task.completedAt = node.finishedAt;
      if (typeof node.message === 'string' && node.message)
        task.message = node.message;
      return { task, order: stepOrder(name) };
    });
  return tasks
    .map((t, i) => ({ ...t, i }))
    .sort((a, b) => a.order - b.order || a.i - b.i)
    .map(t => t.task);
}
