/**
 * @module
 * The credentials form of each channel kind, read from shared's zod schemas so a field added there
 * shows up here: its input type (a secret is a password input, never pre-filled), whether it must
 * be typed, its default, and the choices of an enum. Typed values go back through the same schema,
 * so the browser refuses what head office would refuse, field by field.
 */
import { amazonCredentialsSchema, channelSecretFields, ebayCredentialsSchema, prestashopCredentialsSchema } from '@cassa/shared';
import type { ChannelCredentials, ChannelKind } from '@cassa/shared';

export interface CredentialField {
  readonly name: string;
  readonly input: 'text' | 'password' | 'url' | 'number' | 'select';
  readonly secret: boolean;
  /** False when the schema has a default (the field may be left as it is). */
  readonly required: boolean;
  /** The schema's default as typed text; '' for none (and always for a secret). */
  readonly initial: string;
  /** An enum's choices, in the schema's order. */
  readonly options: readonly string[];
}

const schemas = { prestashop: prestashopCredentialsSchema, amazon: amazonCredentialsSchema, ebay: ebayCredentialsSchema } as const;

/** The little of zod's definition this form reads (zod 4 keeps it on `_zod.def`; the web app may not import zod itself). */
interface FieldDef {
  readonly type: string;
  readonly innerType?: unknown;
  readonly defaultValue?: unknown;
}
const defOf = (schema: unknown): FieldDef => (schema as { _zod: { def: FieldDef } })._zod.def;

/** Address fields are told apart by name: the schema's regex is not introspectable. */
const isAddress = (name: string) => /url$|endpoint$/i.test(name);

export function credentialFields(kind: ChannelKind): CredentialField[] {
  const secrets = channelSecretFields[kind];
  return Object.entries(schemas[kind].shape)
    .filter(([name]) => name !== 'kind')
    .map(([name, schema]): CredentialField => {
      const def = defOf(schema);
      const innerSchema = def.type === 'default' && def.innerType ? def.innerType : schema;
      const inner = defOf(innerSchema);
      const secret = secrets.includes(name);
      // Zod keeps an enum's values as object keys, which puts "8" before "1.7": sort them as numbers read.
      const options = inner.type === 'enum' ? [...((innerSchema as { options?: readonly string[] }).options ?? [])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
      const input = secret ? 'password' : options.length > 0 ? 'select' : inner.type === 'number' ? 'number' : isAddress(name) ? 'url' : 'text';
      const initial = !secret && def.type === 'default' && def.defaultValue !== undefined ? String(def.defaultValue as string | number) : '';
      return { name, input, secret, required: def.type !== 'default', initial, options };
    });
}

/** A new, empty form of a kind: defaults filled in, secrets blank. */
export function blankCredentials(kind: ChannelKind): Record<string, string> {
  return Object.fromEntries(credentialFields(kind).map((f) => [f.name, f.initial]));
}

export type CredentialsCheck =
  | { readonly ok: true; readonly credentials: ChannelCredentials }
  | { readonly ok: false; readonly problems: readonly { readonly field: string; readonly missing: boolean }[] };

/**
 * The typed form as the credentials head office takes, or which fields are wrong. Text is trimmed
 * (a key pasted with a trailing newline is the commonest wrong key); an empty optional field takes
 * the schema's default; numbers must be whole digits (no "1e3", no "0x10").
 */
export function credentialsFromForm(kind: ChannelKind, values: Readonly<Record<string, string>>): CredentialsCheck {
  const fields = credentialFields(kind);
  const raw: Record<string, unknown> = { kind };
  const problems: { field: string; missing: boolean }[] = [];
  for (const field of fields) {
    const text = (values[field.name] ?? '').trim();
    if (text === '') {
      if (field.required) problems.push({ field: field.name, missing: true });
      continue;
    }
    if (field.input === 'number') {
      if (!/^\d{1,9}$/.test(text)) problems.push({ field: field.name, missing: false });
      else raw[field.name] = Number(text);
    } else raw[field.name] = text;
  }
  const parsed = schemas[kind].safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (!problems.some((p) => p.field === field)) problems.push({ field, missing: false });
    }
  }
  // In the form's order, so the first message is about the first wrong field.
  const order = (field: string) => fields.findIndex((f) => f.name === field);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: problems.sort((a, b) => order(a.field) - order(b.field)) };
  return { ok: true, credentials: parsed.data };
}
