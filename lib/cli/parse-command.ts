import { parseArgs } from 'node:util';
import { isJoseAlgorithm, JOSE_ALGORITHMS, type JoseAlgorithm } from '../keys/jose-algorithm.js';

/** A command line that makes no sense: exit code 2, with a one-line reason. */
export class UsageError extends Error {}

export const DEFAULT_ALGORITHM: JoseAlgorithm = 'ES256';
export const DEFAULT_OUT = 'jwks.json';

interface NewKeyInFile {
  file: string;
  alg?: JoseAlgorithm;
  kid?: string;
}

export type Command =
  | { name: 'help' }
  | { name: 'generate'; alg: JoseAlgorithm; kid?: string; out: string; force: boolean }
  | ({ name: 'rotate' } & NewKeyInFile)
  | ({ name: 'add' } & NewKeyInFile)
  | { name: 'promote'; file: string; kid: string }
  | { name: 'retire'; file: string; kid: string }
  | { name: 'public'; file: string };

type Name = Exclude<Command['name'], 'help'>;

const OPTIONS = {
  alg: { type: 'string' },
  kid: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = Exclude<keyof typeof OPTIONS, 'help'>;

/** The operands and options each `keys` command takes. */
const SYNTAX: Record<Name, { operands: readonly string[]; options: readonly OptionName[] }> = {
  generate: { operands: [], options: ['alg', 'kid', 'out', 'force'] },
  rotate: { operands: ['file'], options: ['alg', 'kid'] },
  add: { operands: ['file'], options: ['alg', 'kid'] },
  promote: { operands: ['file', 'kid'], options: [] },
  retire: { operands: ['file', 'kid'], options: [] },
  public: { operands: ['file'], options: [] },
};

function isName(value: string | undefined): value is Name {
  return value !== undefined && Object.hasOwn(SYNTAX, value);
}

function algorithm(value: string | undefined): JoseAlgorithm | undefined {
  if (value === undefined || isJoseAlgorithm(value)) return value;
  throw new UsageError(
    `--alg ${JSON.stringify(value)} is not one of ${JOSE_ALGORITHMS.join(', ')}.`,
  );
}

/** Reads `nest-jwt-auth keys <command> …`; throws {@link UsageError}. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: 'help' };
  const [group, name, ...operands] = positionals;
  if (group !== 'keys') {
    throw new UsageError(group === undefined ? 'no command given.' : `unknown command "${group}".`);
  }
  if (!isName(name)) {
    throw new UsageError(
      name === undefined ? 'no keys command given.' : `unknown command "keys ${name}".`,
    );
  }
  const syntax = SYNTAX[name];
  if (operands.length !== syntax.operands.length) {
    const expected = syntax.operands.map((operand) => `<${operand}>`).join(' ') || 'no operands';
    throw new UsageError(`"keys ${name}" takes ${expected}, got ${operands.length} operand(s).`);
  }
  for (const option of Object.keys(values) as OptionName[]) {
    if (!syntax.options.includes(option)) {
      throw new UsageError(`--${option} does not apply to "keys ${name}".`);
    }
    if (values[option] === '') throw new UsageError(`--${option} is empty.`);
  }
  const [file, kid] = operands;
  if (file === '' || kid === '') throw new UsageError('an operand is empty.');
  const alg = algorithm(values.alg);
  switch (name) {
    case 'generate':
      return {
        name,
        alg: alg ?? DEFAULT_ALGORITHM,
        kid: values.kid,
        out: values.out ?? DEFAULT_OUT,
        force: values.force ?? false,
      };
    case 'rotate':
      return { name, file, alg, kid: values.kid };
    case 'add':
      return { name, file, alg, kid: values.kid };
    case 'promote':
    case 'retire':
      return { name, file, kid };
    case 'public':
      return { name, file };
  }
}
