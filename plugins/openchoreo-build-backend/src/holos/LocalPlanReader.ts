import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError, NotFoundError, NotModifiedError } from '@backstage/errors';
import { BadGatewayError } from '../errors';
import type { LocalRoot } from './holosConfig';

/** One read plans file: its text, a version tag and how the answer names it. */
export interface PlanText {
  text: string;
  etag?: string;
  /** The location as answered to the caller (no credentials, no server layout beyond the root). */
  location: string;
}

/** `child` is `root` or inside it (both absolute and normalized). */
function isInside(root: string, child: string): boolean {
  const relative = path.relative(root, child);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) &&
      relative !== '..' &&
      !path.isAbsolute(relative))
  );
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Reads `file:` plan locations for local development, where entities come from `file:` catalog
 * locations and Backstage's UrlReader reads no files. Only files under the configured roots
 * (`openchoreo.build.holos.localRoots`) are read, checked twice: the resolved path must lie in a
 * root before the file system is touched (no probing outside), and the real path (symlinks
 * followed, `fs.realpath`) must lie in the root's real path (no escape through a link).
 */
export class LocalPlanReader {
  constructor(
    private readonly roots: readonly LocalRoot[],
    private readonly maxBytes: number,
  ) {}

  /**
   * The text of `filePath`; NotModifiedError when it has not changed since `etag` (its modification
   * time, size and inode). `context` starts every message (`holos.run/buildplans of …`).
   */
  async read(
    filePath: string,
    context: string,
    etag?: string,
  ): Promise<PlanText> {
    if (this.roots.length === 0) {
      throw new InputError(
        `${context}: names a local file (the entity comes from a file: location); local files are read only under openchoreo.build.holos.localRoots, which is not configured (development only; in production give the plans an http(s) location the UrlReader can read)`,
      );
    }
    const root = this.roots.find(r => isInside(r.absolute, filePath));
    if (!root) throw this.outside(context);
    let realRoot: string;
    let realFile: string;
    try {
      realRoot = await fs.realpath(root.absolute);
      realFile = await fs.realpath(filePath);
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
        throw new NotFoundError(
          `${context}: ${this.display(
            root,
            filePath,
          )} does not exist; add the file or fix the annotation`,
        );
      }
      throw new BadGatewayError(
        `${context}: ${this.display(root, filePath)} could not be read (${
          errorCode(error) ?? 'error'
        })`,
      );
    }
    if (!isInside(realRoot, realFile)) throw this.outside(context);
    const location = this.display(root, filePath);
    // Not opened unless a regular file (opening a FIFO would wait for a writer); then one handle
    // for the checks and the read, so what was checked is what is read.
    if (!(await fs.stat(realFile)).isFile()) {
      throw new InputError(`${context}: ${location} is not a file`);
    }
    const handle = await fs.open(realFile, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        throw new InputError(`${context}: ${location} is not a file`);
      }
      if (stat.size > this.maxBytes) {
        throw new BadGatewayError(
          `${context}: ${location} is larger than ${this.maxBytes} bytes, the most the portal reads`,
        );
      }
      const version = `${stat.ino}-${stat.size}-${stat.mtimeMs}`;
      if (etag === version) throw new NotModifiedError();
      return {
        text: await handle.readFile({ encoding: 'utf8' }),
        etag: version,
        location,
      };
    } finally {
      await handle.close();
    }
  }

  private outside(context: string): InputError {
    return new InputError(
      `${context}: names a local file outside openchoreo.build.holos.localRoots (${this.roots
        .map(r => r.configured)
        .join(', ')}); only files under those directories are read`,
    );
  }

  /** `file:<root as configured>/<path inside it>`: no absolute server paths in answers. */
  private display(root: LocalRoot, filePath: string): string {
    const inside = path.relative(root.absolute, filePath).split(path.sep);
    return `file:${[root.configured.replace(/[\\/]+$/, ''), ...inside].join(
      '/',
    )}`;
  }
}
