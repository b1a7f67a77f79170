import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalPlanReader } from './LocalPlanReader';

describe('LocalPlanReader', () => {
  let base: string;
  let root: string;
  const context = 'holos.run/buildplans of component:default/api';

  beforeAll(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'holos-')));
    root = path.join(base, 'root');
    fs.mkdirSync(path.join(root, 'dir'), { recursive: true });
    fs.writeFileSync(path.join(root, 'plans.yaml'), 'kind: BuildPlan\n');
    fs.writeFileSync(path.join(base, 'root-sibling.yaml'), 'secret');
    // A link inside the root to a file inside it is fine; the real path is what counts.
    fs.symlinkSync(
      path.join(root, 'plans.yaml'),
      path.join(root, 'alias.yaml'),
    );
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  const reader = (maxBytes = 1024) =>
    new LocalPlanReader([{ configured: 'examples', absolute: root }], maxBytes);

  it('reads a file under the root, naming it by the configured root', async () => {
    const plans = await reader().read(path.join(root, 'plans.yaml'), context);
    expect(plans.text).toBe('kind: BuildPlan\n');
    expect(plans.location).toBe('file:examples/plans.yaml');
    expect(plans.etag).toEqual(expect.any(String));
  });

  it('follows a link that stays inside the root', async () => {
    const plans = await reader().read(path.join(root, 'alias.yaml'), context);
    expect(plans.text).toBe('kind: BuildPlan\n');
  });

  it('answers NotModified for the etag it gave', async () => {
    const file = path.join(root, 'plans.yaml');
    const { etag } = await reader().read(file, context);
    await expect(reader().read(file, context, etag)).rejects.toMatchObject({
      name: 'NotModifiedError',
    });
  });

  it('refuses a sibling whose name starts like the root (root-sibling.yaml is not in root/)', async () => {
    await expect(
      reader().read(path.join(base, 'root-sibling.yaml'), context),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: `${context}: names a local file outside openchoreo.build.holos.localRoots (examples); only files under those directories are read`,
    });
  });

  it('refuses a directory and a file over the limit', async () => {
    await expect(
      reader().read(path.join(root, 'dir'), context),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: `${context}: file:examples/dir is not a file`,
    });
    await expect(
      reader(4).read(path.join(root, 'plans.yaml'), context),
    ).rejects.toMatchObject({ statusCode: 502 });
  });
});
