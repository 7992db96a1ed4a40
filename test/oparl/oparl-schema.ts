/**
 * The OParl 1.1 JSON Schemas (test/fixtures/oparl-1.1-schema, copied unchanged from the specification) in ajv,
 * so that every object the API serves is validated against the schema of its type, embedded objects included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type AnySchemaObject, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

const DIR = fileURLToPath(new URL('../fixtures/oparl-1.1-schema/', import.meta.url));
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** An ajv instance holding every schema of the specification under its file name ("Meeting.json"). */
function createValidator(): Ajv {
  // strictTypes off: the spec puts `items` on string properties (the URL of an external list). unicodeRegExp off:
  // its patterns escape ":" ("^https\\:\\/\\/…"), which a regular expression with the u flag refuses.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false, unicodeRegExp: false });
  addFormats(ajv);
  // The spec's own format: an absolute http(s) URL.
  ajv.addFormat('url', (s: string) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  });
  // Annotations of the spec's build, no constraint.
  for (const keyword of ['references', 'backreference', 'cardinality']) ajv.addKeyword({ keyword });
  // `"type": "object", "schema": "File.json"`: an embedded object of that type. Validate it as one, too.
  ajv.addKeyword({
    keyword: 'schema',
    macro: (name: string, parent: AnySchemaObject): AnySchemaObject =>
      parent.type === 'object' ? { $ref: name.endsWith('.json') ? name : `${name}.json` } : {},
  });
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')), file);
  }
  return ajv;
}

const ajv = createValidator();

/** The errors of `object` against the schema its `type` names (e.g. …/1.1/Meeting → Meeting.json); [] when valid. */
export function oparlErrors(object: { type?: unknown }): Array<Pick<ErrorObject, 'instancePath' | 'message'>> {
  const name = typeof object.type === 'string' ? /^https:\/\/schema\.oparl\.org\/1\.1\/(\w+)$/.exec(object.type)?.[1] : undefined;
  if (!name) return [{ instancePath: '/type', message: `not an OParl 1.1 type: ${String(object.type)}` }];
  const validate = ajv.getSchema(`${name}.json`);
  if (!validate) return [{ instancePath: '/type', message: `no schema for ${name}` }];
  return validate(object) ? [] : (validate.errors ?? []).map((e) => ({ instancePath: e.instancePath, message: e.message }));
}
