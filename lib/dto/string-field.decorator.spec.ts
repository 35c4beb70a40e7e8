// The pipe's shortcut must never accept a body that class-validator refuses: checked on bodies
// made to sit on every edge (missing, empty, too long, surrogate pairs, extra fields, non-strings).
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import fc from 'fast-check';
import { LoginDto } from './login.dto.js';
import { ReauthenticateDto } from './reauthenticate.dto.js';
import { RefreshDto } from './refresh.dto.js';
import { acceptsAsIs, StringField } from './string-field.decorator.js';

type Dto = new () => object;

/** What the pipe's class-validator pass says of `body` (its options: whitelist, forbid others). */
function classValidatorAccepts(dto: Dto, body: object): boolean {
  const errors = validateSync(plainToInstance(dto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
  });
  return errors.length === 0;
}

/** Strings around each limit (256, 512, 1024), some with astral characters. */
const edgyString = fc.oneof(
  fc.constantFrom('', 'a', '😀'),
  fc.integer({ min: 250, max: 1030 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 120, max: 520 }).map((n) => '😀'.repeat(n)),
  fc.string(),
);
const value = fc.oneof(edgyString, fc.constant(null), fc.integer(), fc.array(fc.string()));
const field = fc.constantFrom('username', 'password', 'refreshToken', 'other', 'toString');
const body = fc.dictionary(field, value, { maxKeys: 4 });

describe.each([LoginDto, RefreshDto, ReauthenticateDto] as Dto[])('acceptsAsIs(%p)', (dto) => {
  it('accepts only bodies class-validator accepts', () => {
    fc.assert(
      fc.property(body, (candidate) => {
        if (acceptsAsIs(dto, candidate)) expect(classValidatorAccepts(dto, candidate)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('acceptsAsIs', () => {
  it('takes the bodies clients send, so that they skip class-validator', () => {
    expect(acceptsAsIs(LoginDto, { username: 'ann', password: 'secret' })).toBe(true);
    expect(acceptsAsIs(RefreshDto, { refreshToken: 'token' })).toBe(true);
    expect(acceptsAsIs(RefreshDto, {})).toBe(true);
  });

  it('leaves to class-validator a body with an unknown field, a missing one or a long one', () => {
    expect(acceptsAsIs(LoginDto, { username: 'ann', password: 'pw', admin: 'yes' })).toBe(false);
    expect(acceptsAsIs(LoginDto, { username: 'ann' })).toBe(false);
    expect(acceptsAsIs(LoginDto, { username: 'ann', password: 'x'.repeat(1025) })).toBe(false);
  });

  it('never shortcuts a DTO that class-validator checks with anything else', () => {
    class Mixed {
      @StringField(10)
      name!: string;

      @IsString()
      note!: string;
    }
    expect(acceptsAsIs(Mixed, { name: 'a', note: 'b' })).toBe(false);
  });
});
