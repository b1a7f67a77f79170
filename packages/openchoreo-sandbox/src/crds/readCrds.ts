import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { isRecord, KObject } from '../apiserver/types';

/** CRD objects from a YAML/JSON file or every such file in a directory. */
export function readCrds(path: string): KObject[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter(f => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map(f => join(path, f))
    : [path];
  const out: KObject[] = [];
  for (const file of files) {
    for (const doc of YAML.parseAllDocuments(readFileSync(file, 'utf8'))) {
      const obj = doc.toJS();
      if (isRecord(obj) && obj.kind === 'CustomResourceDefinition')
        out.push(obj as KObject);
    }
  }
  return out;
}
