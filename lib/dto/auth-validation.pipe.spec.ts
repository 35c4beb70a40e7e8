import { AuthException } from '../errors/auth.exception.js';
import { AuthValidationPipe } from './auth-validation.pipe.js';
import { RefreshDto } from './refresh.dto.js';

/** The message the pipe refuses `body` with. */
async function refusalOf(body: unknown): Promise<string> {
  const refused = await new AuthValidationPipe()
    .transform(body, { type: 'body', metatype: RefreshDto })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(refused).toBeInstanceOf(AuthException);
  return (refused as AuthException).getResponse().message;
}

/** `{ refreshToken: [[...]] }` nesting `depth` levels in all, the body itself being the first. */
const nested = (depth: number) => {
  let value: unknown = [];
  for (let level = 2; level < depth; level++) value = [value];
  return { refreshToken: value };
};

describe('AuthValidationPipe', () => {
  it('refuses a body nesting deeper than 8 levels before class-transformer sees it', async () => {
    expect(await refusalOf(nested(9))).toMatch(/nests deeper than 8 levels/);
    expect(
      await refusalOf({ a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } }),
    ).toMatch(/nests deeper than 8 levels/);
  });

  it('leaves a body of 8 levels to class-validator', async () => {
    expect(await refusalOf(nested(8))).toMatch(/refreshToken must be a string/);
  });

  it('walks 100,000 levels without recursion', async () => {
    expect(await refusalOf(nested(100_000))).toMatch(/nests deeper than 8 levels/);
  });
});
