import { applyDecorators } from '@nestjs/common';
import { getMetadataStorage, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

interface StringFieldRule {
  maxLength: number;
  optional: boolean;
}

const rules = new WeakMap<object, Map<string, StringFieldRule>>();

/**
 * A non-empty string of at most `maxLength` characters (`optional`: or absent): class-validator's
 * `IsString`, `IsNotEmpty` and `MaxLength`, and a rule the validation pipe can check without them.
 */
export function StringField(maxLength: number, { optional = false } = {}): PropertyDecorator {
  const validators = applyDecorators(
    ...(optional ? [IsOptional()] : []),
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
  );
  return (prototype, property) => {
    validators(prototype, property);
    const own = rules.get(prototype) ?? new Map(rules.get(Object.getPrototypeOf(prototype)));
    rules.set(prototype, own.set(String(property), { maxLength, optional }));
  };
}

/**
 * Whether class-validator would accept `body` for `dto` as it is, known without running it: every
 * property of `dto` is a {@link StringField}, the body has no other, and each is within its rule.
 * `false` means "ask class-validator", which also writes the message. A length is counted in
 * UTF-16 units, which is never less than class-validator's count.
 */
export function acceptsAsIs(dto: new () => object, body: object): boolean {
  const fields = rulesOf(dto);
  if (!fields) return false;
  for (const name in body) {
    if (!fields.has(name)) return false;
  }
  for (const [name, rule] of fields) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined && rule.optional && !Object.hasOwn(body, name)) continue;
    if (typeof value !== 'string' || value === '' || value.length > rule.maxLength) return false;
  }
  return true;
}

/** Known once per DTO: its rules, or null if class-validator checks anything else of it. */
const complete = new WeakMap<object, Map<string, StringFieldRule> | null>();

function rulesOf(dto: new () => object): Map<string, StringFieldRule> | null {
  let known = complete.get(dto);
  if (known === undefined) {
    const fields = rules.get(dto.prototype) ?? null;
    const checked = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
    known = fields && checked.every((rule) => fields.has(rule.propertyName)) ? fields : null;
    complete.set(dto, known);
  }
  return known;
}
