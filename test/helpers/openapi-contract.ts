import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

/**
 * Checks requests and responses against Mastodon's API description (OpenAPI 3.1, in test/fixtures/mastodon-openapi), so a
 * call the real server would reject fails the test too. Relaxations, each because the description
 * itself gets in the way, not to let a bad call through:
 * - Ajv runs non-strict: the description uses OpenAPI's own keywords (example, externalDocs) beside
 *   JSON Schema's, and a few response schemas do not compile under strict mode.
 * - A request body described as `oneOf` is checked as `anyOf`: the status body's branches overlap
 *   (text with media matches both TextStatus and MediaStatus), so a valid request would fail oneOf.
 * - `iso-639-1` is a format Ajv does not know; it is checked here as two lowercase letters.
 * - A header parameter described as an object (Idempotency-Key is) is checked as a string: HTTP header
 *   values are strings, and the description's prose says "any arbitrary string".
 */
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<
    string,
    { content?: Record<string, { schema: Record<string, unknown> }>; headers?: Record<string, unknown> }
  >;
}

export interface MatchedRoute {
  /** The path as the description writes it, e.g. /api/v1/media/{id}. */
  template: string;
  method: string;
  params: Record<string, string>;
  operation: Operation;
  pointer: string;
}

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => void;

export class OpenApiContract {
  private readonly doc: { paths: Record<string, Record<string, Operation>> };
  private readonly ajv: Ajv2020;
  private readonly routes: { template: string; regex: RegExp; names: string[]; literal: number }[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file = resolve(import.meta.dirname, '../fixtures/mastodon-openapi/schema.json')) {
    this.doc = JSON.parse(readFileSync(file, 'utf8')) as typeof this.doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    this.ajv.addFormat('iso-639-1', /^[a-z]{2}$/);
    this.ajv.addSchema(this.doc, 'mastodon');
    // Literal segments win over parameters (verify_credentials before {id}).
    this.routes = Object.keys(this.doc.paths)
      .map((template) => {
        const names: string[] = [];
        const regex = new RegExp(
          `^${template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`,
        );
        return { template, regex, names, literal: template.split('/').filter((s) => s && !s.startsWith('{')).length };
      })
      .sort((a, b) => b.literal - a.literal || a.names.length - b.names.length);
  }

  /** The operation a request is for; null when the description has no such route. */
  match(method: string, path: string): MatchedRoute | null {
    const m = method.toLowerCase();
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      const operation = found && this.doc.paths[route.template]?.[m];
      if (!found || !operation) continue;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(found[i + 1] ?? '')]));
      return {
        template: route.template,
        method: m,
        params,
        operation,
        pointer: `/paths/${escape(route.template)}/${m}`,
      };
    }
    return null;
  }

  /** Problems with a request's parameters (path, query, headers); the query as the description names it. */
  checkParameters(
    route: MatchedRoute,
    query: URLSearchParams,
    headers: Record<string, string | string[] | undefined>,
  ): string[] {
    const problems: string[] = [];
    const declared = route.operation.parameters ?? [];
    // Parameter schemas may hold $refs into the document, so each is checked by its place in it.
    const check = (param: Parameter, value: unknown, what: string) => {
      const pointer = `${route.pointer}/parameters/${declared.indexOf(param)}/schema`;
      const schema =
        param.in === 'header' && param.schema?.type === 'object'
          ? { ...param.schema, type: 'string' }
          : { $ref: `mastodon#${pointer}` };
      return this.checkRef(`${pointer}#${param.in}`, schema, value, what);
    };
    const seen = new Set<string>();
    for (const key of new Set(query.keys())) {
      const name = key.replace(/\[\]$/, '');
      seen.add(name);
      const param = declared.find((p) => p.in === 'query' && p.name === name);
      if (!param) {
        problems.push(
          `query parameter "${key}" is not in the description of ${route.method.toUpperCase()} ${route.template}`,
        );
        continue;
      }
      const values = query.getAll(key);
      const value =
        param.schema?.type === 'array'
          ? values.map((v) => coerce(v, (param.schema?.items as Record<string, unknown> | undefined)?.type))
          : coerce(values[0] ?? '', param.schema?.type);
      problems.push(...check(param, value, `query ${name}`));
    }
    for (const param of declared) {
      if (param.in === 'query' && param.required && !seen.has(param.name))
        problems.push(`query parameter "${param.name}" is required`);
      if (param.in === 'path') problems.push(...check(param, route.params[param.name], `path ${param.name}`));
      if (param.in === 'header') {
        const value = headers[param.name.toLowerCase()];
        if (value === undefined && param.required) problems.push(`header ${param.name} is required`);
        if (value !== undefined) problems.push(...check(param, value, `header ${param.name}`));
      }
    }
    return problems;
  }

  /** Problems with a request body of the given media type. */
  checkBody(route: MatchedRoute, mediaType: string, body: unknown): string[] {
    const described = route.operation.requestBody;
    if (!described) return body === undefined ? [] : [`${route.method.toUpperCase()} ${route.template} takes no body`];
    const content = described.content[mediaType];
    if (!content)
      return [`body of type ${mediaType} is not described (expected ${Object.keys(described.content).join(' or ')})`];
    const pointer = `${route.pointer}/requestBody/content/${escape(mediaType)}/schema`;
    const schema = Array.isArray(content.schema.oneOf)
      ? { anyOf: (content.schema.oneOf as unknown[]).map((_, i) => ({ $ref: `mastodon#${pointer}/oneOf/${i}` })) }
      : { $ref: `mastodon#${pointer}` };
    return this.checkRef(`${pointer}#body`, schema, body, 'body');
  }

  /** Problems with a response: its status must be described, and its JSON body must fit. */
  checkResponse(route: MatchedRoute, status: number, body: unknown): string[] {
    const response = route.operation.responses[String(status)];
    if (!response)
      return [`status ${status} is not a described response of ${route.method.toUpperCase()} ${route.template}`];
    // Mastodon sends a body with 206 (media still processing) that the description leaves out.
    if (!response.content?.['application/json']) return [];
    const pointer = `${route.pointer}/responses/${status}/content/application~1json/schema`;
    return this.checkRef(pointer, { $ref: `mastodon#${pointer}` }, body, `response ${status}`);
  }

  private checkRef(key: string, schema: Record<string, unknown>, value: unknown, what: string): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate(value)
      ? []
      : (validate.errors ?? []).slice(0, 8).map((e) => `${what}${e.instancePath} ${e.message ?? 'is invalid'}`);
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function coerce(value: string, type: unknown): unknown {
  if (type === 'integer' || type === 'number') return value.trim() === '' ? value : Number(value);
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}
