import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

/**
 * Where the official OB 3.0 JSON schema is: `schemas/` beside this file, a copy of 1EdTech's file kept in the
 * repository (see its SOURCE.md) so that every install checks credentials against it.
 */
export const OB3_SCHEMA_DIR = fileURLToPath(new URL('./schemas/', import.meta.url));
const ACHIEVEMENT_CREDENTIAL_SCHEMA = 'ob_v3p0_achievementcredential_schema.json';

export type SchemaResult = { available: false; reason: string } | { available: true; valid: boolean; errors: string[] };

// Compiling the schema takes tens of milliseconds; it is compiled once per process and per folder (one entry
// in practice), and an absent folder is remembered as absent.
const compiled = new Map<string, ValidateFunction | null>();

function validatorFor(dir: string): ValidateFunction | null {
  if (compiled.has(dir)) return compiled.get(dir) ?? null;
  const file = `${dir.replace(/\/?$/, '/')}${ACHIEVEMENT_CREDENTIAL_SCHEMA}`;
  let validate: ValidateFunction | null = null;
  if (existsSync(file)) {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
  }
  compiled.set(dir, validate);
  return validate;
}

/**
 * Validates a credential against the official OB 3.0 AchievementCredential JSON schema (draft 2019-09); when the
 * schema files are not available here, says so instead of failing.
 */
export function validateOb3Schema(credential: unknown, dir: string = OB3_SCHEMA_DIR): SchemaResult {
  const validate = validatorFor(dir);
  if (!validate) return { available: false, reason: `the OB 3.0 JSON schema is not available here (${dir}); not checked` };
  const valid = validate(credential) === true;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  return { available: true, valid, errors };
}
