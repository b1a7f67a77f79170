import { isRecord } from '../apiserver/types';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

export function readConditions(status: unknown): Condition[] {
  const conditions =
    isRecord(status) && Array.isArray(status.conditions)
      ? status.conditions
      : [];
  return conditions.filter(isRecord) as unknown as Condition[];
}

/**
 * Sets a condition like apimachinery's `meta.SetStatusCondition`: the
 * transition time only changes when the status value changes.
 */
export function setCondition(
  conditions: Condition[],
  next: Omit<Condition, 'lastTransitionTime' | 'observedGeneration'>,
  generation: number,
  now = new Date(),
): Condition[] {
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const existing = conditions.find(c => c.type === next.type);
  const updated: Condition = {
    ...next,
    lastTransitionTime:
      existing && existing.status === next.status
        ? existing.lastTransitionTime
        : time,
    observedGeneration: generation,
  };
  return existing
    ? conditions.map(c => (c.type === next.type ? updated : c))
    : [...conditions, updated];
}

export function isTrue(conditions: Condition[], type: string): boolean {
  return conditions.some(c => c.type === type && c.status === 'True');
}
