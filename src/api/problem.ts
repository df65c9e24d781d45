/** RFC 9457 problem details, the body of every error this API returns. */
export interface FieldError {
  /** Where the field is: body, querystring, params or headers. */
  in: string;
  /** Dotted path of the field at fault, e.g. budget.parallelism. */
  field: string;
  message: string;
  /** Where in the body text the error is, 1-based, when the body could not be parsed (a YAML syntax error). */
  line?: number;
  column?: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }

  toProblem(instance?: string): Problem {
    return {
      type: `/problems/${this.slug}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const notFound = (what: string, id: string) =>
  new ProblemError(404, 'not-found', 'Not found', `${what} ${id} does not exist`, [{ in: 'params', field: 'id', message: `no ${what} has this id` }]);

export const invalidRequest = (errors: FieldError[]) =>
  new ProblemError(400, 'invalid-request', 'Invalid request', errors.map((e) => `${e.in}.${e.field}: ${e.message}`).join('; '), errors);

export const unavailable = (what: string, detail: string) =>
  new ProblemError(503, 'unavailable', `${what} unavailable`, detail);
