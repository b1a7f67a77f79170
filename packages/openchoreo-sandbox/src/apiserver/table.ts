import type { IncomingMessage } from 'node:http';
import { PrinterColumn, ResourceDef } from './registry';
import { isRecord, KObject } from './types';

/** kubectl asks for server-side printing with `Accept: application/json;as=Table;...`. */
export function wantsTable(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('as=Table');
}

/** Evaluates the small JSONPath subset printer columns use: `.a.b`, `.a[0]`, `.a[?(@.k=="v")].b`. */
export function jsonPath(obj: unknown, path: string): unknown {
  const tokens =
    path.replace(/^\{|\}$/g, '').match(/\.[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let current: unknown[] = [obj];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const value of current) {
      if (token.startsWith('.')) {
        if (isRecord(value)) next.push(value[token.slice(1)]);
      } else {
        const inner = token.slice(1, -1);
        const filter = /^\?\(@\.([\w.-]+)\s*==\s*["']?([^"')]*)["']?\)$/.exec(
          inner,
        );
        if (filter && Array.isArray(value)) {
          next.push(
            ...value.filter(
              v => isRecord(v) && String(v[filter[1]]) === filter[2],
            ),
          );
        } else if (/^\d+$/.test(inner) && Array.isArray(value)) {
          next.push(value[Number(inner)]);
        } else if (inner === '*' && Array.isArray(value)) {
          next.push(...value);
        }
      }
    }
    current = next.filter(v => v !== undefined);
  }
  if (current.length === 0) return undefined;
  return current.length === 1 ? current[0] : current;
}

function age(created: string | undefined): string {
  if (!created) return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell: (obj: KObject) => unknown;
}

/** A container status's state: exactly one of waiting, running, terminated. */
function stateOf(
  c: Record<string, unknown>,
): Record<string, Record<string, unknown>> {
  return (isRecord(c.state) ? c.state : {}) as Record<
    string,
    Record<string, unknown>
  >;
}

/**
 * kubectl's STATUS column, as the API server's pod printer computes it (`printPod`,
 * `pkg/printers/internalversion/printers.go`): `Init:i/n` while an init container has not
 * finished (or `Init:<reason>`), else the last container's waiting/terminated reason, else the phase.
 */
function podStatusReason(o: KObject): string {
  const st = isRecord(o.status) ? o.status : {};
  const list = (key: string) =>
    Array.isArray(st[key]) ? (st[key] as unknown[]).filter(isRecord) : [];
  let reason = String(st.reason ?? st.phase ?? '');
  const inits = list('initContainerStatuses');
  const total =
    isRecord(o.spec) && Array.isArray(o.spec.initContainers)
      ? o.spec.initContainers.length
      : inits.length;
  for (const [i, c] of inits.entries()) {
    const { terminated, waiting } = stateOf(c);
    if (terminated && terminated.exitCode === 0) continue;
    if (terminated)
      return terminated.reason
        ? `Init:${String(terminated.reason)}`
        : `Init:ExitCode:${String(terminated.exitCode)}`;
    if (waiting?.reason && waiting.reason !== 'PodInitializing')
      return `Init:${String(waiting.reason)}`;
    return `Init:${i}/${total}`;
  }
  for (const c of [...list('containerStatuses')].reverse()) {
    const { terminated, waiting } = stateOf(c);
    if (waiting?.reason) reason = String(waiting.reason);
    else if (terminated?.reason) reason = String(terminated.reason);
  }
  return o.metadata.deletionTimestamp ? 'Terminating' : reason;
}

function podColumns(): Column[] {
  const statuses = (o: KObject): Array<Record<string, unknown>> => {
    const st = isRecord(o.status) ? o.status : {};
    return Array.isArray(st.containerStatuses)
      ? st.containerStatuses.filter(isRecord)
      : [];
  };
  return [
    {
      name: 'Ready',
      type: 'string',
      format: '',
      description: 'ready containers',
      priority: 0,
      cell: o => {
        const cs = statuses(o);
        const spec =
          isRecord(o.spec) && Array.isArray(o.spec.containers)
            ? o.spec.containers.length
            : cs.length;
        return `${cs.filter(c => c.ready === true).length}/${spec}`;
      },
    },
    {
      name: 'Status',
      type: 'string',
      format: '',
      description: 'pod phase',
      priority: 0,
      cell: podStatusReason,
    },
    {
      name: 'Restarts',
      type: 'integer',
      format: '',
      description: 'restarts',
      priority: 0,
      cell: () => 0,
    },
  ];
}

function columnsFor(def: ResourceDef, printer: PrinterColumn[]): Column[] {
  if (def.group === '' && def.plural === 'pods') return podColumns();
  if (def.group === '' && def.plural === 'namespaces') {
    return [
      {
        name: 'Status',
        type: 'string',
        format: '',
        description: 'phase',
        priority: 0,
        cell: o => (isRecord(o.status) ? o.status.phase : '') ?? '',
      },
    ];
  }
  return printer
    .filter(c => c.jsonPath !== '.metadata.creationTimestamp')
    .map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
      cell: (o: KObject) => {
        const v = jsonPath(o, c.jsonPath);
        if (v === undefined || v === null) return '';
        if (c.type === 'date' && typeof v === 'string') return age(v);
        return typeof v === 'object' ? JSON.stringify(v) : v;
      },
    }));
}

/** What a Table is built from besides the type and its objects. */
export interface TableOptions {
  /** The request's namespace; undefined for a list across all namespaces. */
  namespace: string | undefined;
  /** The printer columns of the type's objects in a namespace (`Cluster.printerColumns`). */
  printerColumns: (namespace: string | undefined) => PrinterColumn[];
  resourceVersion: number;
  continue?: string;
}

/**
 * A `meta.k8s.io/v1 Table`, what kubectl prints for `get` when the server supports it. The
 * columns are the request namespace's; each row's cells come from the columns of the same name
 * its own namespace declares, so a list across all namespaces prints a namespace served as
 * another generation of the type (`Cluster.serveCrdInNamespace`) by that generation's paths.
 */
export function toTable(
  def: ResourceDef,
  items: KObject[],
  options: TableOptions,
): object {
  const columns = columnsFor(def, options.printerColumns(options.namespace));
  const columnsByNamespace = new Map<string | undefined, Column[]>();
  const columnsIn = (namespace: string | undefined): Column[] => {
    const cached = columnsByNamespace.get(namespace);
    if (cached) return cached;
    const built = columnsFor(def, options.printerColumns(namespace));
    columnsByNamespace.set(namespace, built);
    return built;
  };
  const cellsOf = (o: KObject): unknown[] => {
    const own = columnsIn(o.metadata.namespace);
    return columns.map(c => own.find(x => x.name === c.name)?.cell(o) ?? '');
  };
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      resourceVersion: String(options.resourceVersion),
      ...(options.continue ? { continue: options.continue } : {}),
    },
    columnDefinitions: [
      {
        name: 'Name',
        type: 'string',
        format: 'name',
        description: 'Name of the object',
        priority: 0,
      },
      ...columns.map(({ cell: _cell, ...c }) => c),
      {
        name: 'Age',
        type: 'string',
        format: '',
        description: 'Time since creation',
        priority: 0,
      },
    ],
    rows: items.map(o => ({
      cells: [
        o.metadata.name,
        ...cellsOf(o),
        age(o.metadata.creationTimestamp),
      ],
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      },
    })),
  };
}
