import { parseAllDocuments } from 'yaml';
import { analyzeHolosDocuments, analyzeHolosText } from './analyze';
import { HolosInputError } from './errors';
import { HOLOS_MAX_DOCUMENTS, HOLOS_MAX_TEXT_BYTES } from './parse';
import { readHolosExample, textAt } from './__testUtils__/examples';

/** The HolosInputError `fn` throws. */
function inputError(fn: () => unknown): HolosInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HolosInputError) return error;
    throw error;
  }
  throw new Error('expected a HolosInputError');
}

/** A YAML stream as `holos show buildplans --format=json` prints it: Go's json.Encoder, indented, one object per line group. */
function asJsonStream(yamlText: string): string {
  return parseAllDocuments(yamlText)
    .map(doc => `${JSON.stringify(doc.toJS(), null, 2)}\n`)
    .join('');
}

describe('reading text', () => {
  it('names the line and column where YAML cannot be read', () => {
    const error = inputError(() =>
      analyzeHolosText('kind: BuildPlan\nmetadata:\n  name: [unclosed\n'),
    );
    expect(error.at.line).toBeGreaterThanOrEqual(3);
    expect(error.at.column).toBeGreaterThan(0);
    expect(error.message).toMatch(
      new RegExp(
        `^the text could not be read at line ${error.at.line}, column ${error.at.column}: `,
      ),
    );
  });

  it('refuses a field given twice, at the second one', () => {
    const error = inputError(() =>
      analyzeHolosText('kind: BuildPlan\nmetadata:\n  name: a\n  name: b\n'),
    );
    expect(error.at).toMatchObject({ line: 4, column: 3 });
    expect(error.message).toMatch(/unique/i);
  });

  it('reads the JSON stream `holos show buildplans --format=json` prints, with positions in it', () => {
    const json = asJsonStream(readHolosExample('stream.yaml'));
    const result = analyzeHolosText(json);
    expect(result.valid).toBe(true);
    expect(result.plans.map(plan => plan.name)).toEqual([
      'httpbin',
      'namespaces',
      'legacy-dashboard',
    ]);

    const invalid = asJsonStream(
      [
        readHolosExample('helm-kustomize.yaml'),
        readHolosExample('invalid/cross-artifact.yaml'),
      ].join('\n---\n'),
    );
    const [valid, crossArtifact] = analyzeHolosText(invalid).plans;
    expect(valid.errors).toEqual([]);
    expect(crossArtifact.document).toBe(1);
    const [problem] = crossArtifact.errors;
    expect(problem.rule).toBe('cross-artifact');
    expect(textAt(invalid, problem.line!, problem.column!)).toMatch(
      /^"namespace\.gen\.yaml"$/,
    );
    // The second object's lines count from the start of the whole text.
    const firstObjectLines =
      asJsonStream(readHolosExample('helm-kustomize.yaml')).split('\n').length -
      1;
    expect(problem.line).toBeGreaterThan(firstObjectLines);
  });

  it('names the line and column where JSON cannot be read', () => {
    const error = inputError(() =>
      analyzeHolosText('{"kind": "BuildPlan",\n "metadata": {"name" "x"}}\n'),
    );
    expect(error.at.line).toBe(2);
    expect(error.message).toMatch(
      /^the text could not be read at line 2, column \d+: /,
    );

    const unclosed = inputError(() =>
      analyzeHolosText('{"kind": "BuildPlan"}\n{"kind": "BuildPlan",\n'),
    );
    expect(unclosed.at).toMatchObject({ document: 1, line: 2, column: 1 });
    expect(unclosed.message).toMatch(
      /starting at line 2, column 1 is not closed/,
    );

    const list = inputError(() => analyzeHolosText('[{"kind": "BuildPlan"}]'));
    expect(list.message).toMatch(
      /found a JSON list: send one object, or objects one after another/,
    );
  });

  it('ignores empty documents, as a trailing `---` makes', () => {
    const text = `---\n${readHolosExample(
      'stream.yaml',
    )}\n---\n# nothing here\n---\n`;
    expect(analyzeHolosText(text).plans).toHaveLength(3);
  });

  it('refuses text without any document', () => {
    expect(inputError(() => analyzeHolosText('')).message).toMatch(
      /^the text is empty/,
    );
    expect(inputError(() => analyzeHolosText('  \n\t\n')).message).toMatch(
      /^the text is empty/,
    );
    expect(
      inputError(() => analyzeHolosText('# a comment\n---\n---\n')).message,
    ).toMatch(/^the text holds no document/);
    expect(inputError(() => analyzeHolosDocuments([])).message).toMatch(
      /^no document was given/,
    );
  });

  it('bounds the number of documents and the size of the text', () => {
    const plan = 'kind: BuildPlan\nmetadata:\n  name: p\n';
    const many = Array.from(
      { length: HOLOS_MAX_DOCUMENTS + 1 },
      () => plan,
    ).join('---\n');
    const tooMany = inputError(() => analyzeHolosText(many));
    expect(tooMany.message).toBe(
      `the text holds more than ${HOLOS_MAX_DOCUMENTS} documents: submit at most ${HOLOS_MAX_DOCUMENTS} plans at a time`,
    );
    expect(tooMany.at.document).toBe(HOLOS_MAX_DOCUMENTS);
    const exactly = Array.from(
      { length: HOLOS_MAX_DOCUMENTS },
      () => plan,
    ).join('---\n');
    expect(analyzeHolosText(exactly).plans).toHaveLength(HOLOS_MAX_DOCUMENTS);

    const big = `${plan}# ${'x'.repeat(HOLOS_MAX_TEXT_BYTES)}\n`;
    expect(inputError(() => analyzeHolosText(big)).message).toBe(
      'the text is larger than 5 MB: submit fewer plans at a time',
    );
    // Counted in UTF-8 bytes: two million 3-byte characters are too much.
    const wide = `${plan}# ${'€'.repeat(2_000_000)}\n`;
    expect(wide.length).toBeLessThan(HOLOS_MAX_TEXT_BYTES);
    expect(inputError(() => analyzeHolosText(wide)).message).toMatch(
      /larger than 5 MB/,
    );

    expect(
      inputError(() =>
        analyzeHolosDocuments(
          Array.from({ length: HOLOS_MAX_DOCUMENTS + 1 }, () => ({
            kind: 'BuildPlan',
          })),
        ),
      ).message,
    ).toMatch(/submit at most 200 at a time/);
  });
});

describe('document kinds', () => {
  it('refuses a document of another kind, naming the document, line and kind field', () => {
    const text = `${readHolosExample(
      'helm-kustomize.yaml',
    )}---\n# a Kubernetes object\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n`;
    const error = inputError(() => analyzeHolosText(text));
    const kindLine = text.split('\n').indexOf('kind: ConfigMap') + 1;
    expect(error.at).toEqual({
      document: 1,
      path: 'kind',
      line: kindLine,
      column: 1,
    });
    expect(error.message).toBe(
      `document 2 (line ${
        kindLine - 1
      }): kind "ConfigMap" at line ${kindLine} is not accepted: ` +
        'expected kind BuildPlan or Platform (holos core schemas v1alpha6)',
    );
  });

  it('refuses a document without a kind, or one that is not an object', () => {
    const noKind = inputError(() =>
      analyzeHolosText('apiVersion: v1alpha6\nmetadata:\n  name: x\n'),
    );
    expect(noKind.message).toBe(
      'document 1 (line 1) has no kind field: expected kind BuildPlan or Platform (holos core schemas v1alpha6)',
    );
    expect(noKind.at).toMatchObject({ document: 0, path: 'kind', line: 1 });

    const scalar = inputError(() => analyzeHolosText('just some words\n'));
    expect(scalar.message).toBe(
      'document 1 (line 1) is not an object: expected a BuildPlan or Platform (holos core schemas v1alpha6)',
    );
    const list = inputError(() => analyzeHolosText('- kind: BuildPlan\n'));
    expect(list.message).toMatch(/^document 1 \(line 1\) is a list: /);

    const parsed = inputError(() =>
      analyzeHolosDocuments([
        { kind: 'BuildPlan', metadata: { name: 'a' } },
        { kind: 42 },
      ]),
    );
    expect(parsed.message).toBe(
      'document 2: kind 42 is not accepted: expected kind BuildPlan or Platform (holos core schemas v1alpha6)',
    );
    expect(parsed.at).toEqual({ document: 1, path: 'kind' });
  });

  it('reads already parsed documents without positions', () => {
    const [doc] = parseAllDocuments(
      readHolosExample('invalid/input-order.yaml'),
    );
    const result = analyzeHolosDocuments([doc.toJS()]);
    expect(result.valid).toBe(false);
    const [problem] = result.plans[0].errors;
    expect(problem).toEqual({
      path: 'spec.artifacts[0].transformers[0].inputs[1]',
      rule: 'input-order',
      task: 'artifact/0/transformer/0',
      message: expect.stringMatching(/^input "labels\.gen\.yaml"/),
    });
  });

  it('does not change the documents it is given', () => {
    const value = { kind: 'BuildPlan', metadata: { name: 'a' } };
    analyzeHolosDocuments([value]);
    expect(value).toEqual({ kind: 'BuildPlan', metadata: { name: 'a' } });
  });
});
