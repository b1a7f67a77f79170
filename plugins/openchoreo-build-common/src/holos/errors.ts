/**
 * Input that cannot be analysed at all: text that is not YAML or JSON, too much of it, or a
 * document that is not a v1alpha6 BuildPlan or Platform. The backend answers it with 400.
 *
 * @public
 */
export class HolosInputError extends Error {
  constructor(
    message: string,
    /** Where it went wrong: the document (0-based), the field path and the 1-based line/column. */
    readonly at: {
      document?: number;
      path?: string;
      line?: number;
      column?: number;
    } = {},
  ) {
    super(message);
    this.name = 'HolosInputError';
  }
}
