import { JOSE_ALGORITHMS } from '../keys/jose-algorithm.js';
import { RSA_BITS } from './new-key.js';
import { DEFAULT_ALGORITHM, DEFAULT_OUT } from './parse-command.js';

export const USAGE = `Usage: nest-jwt-auth keys <command> [options]

Manages a private JWK set file, { "keys": [...] }, for the "keys" option of nest-jwt-auth.
The module signs with the first key holding private material; every key verifies the tokens
whose header names its kid.

Commands:
  keys generate [--alg <alg>] [--kid <kid>] [--out <file>] [--force]
      Write a new file holding one signing key. An existing file is kept unless --force.
  keys rotate <file> [--alg <alg>] [--kid <kid>]
      Add a new key that signs from now on. The key that signed until now keeps
      verifying its tokens, with its private members removed.
  keys add <file> [--alg <alg>] [--kid <kid>]
      Add a key that is published and verifies but does not sign yet: the first step
      of a rotation across several instances or cached JWKS (see "promote").
  keys promote <file> <kid>
      Make the key <kid> (added with "add") the signing key. The key that signed until
      now keeps verifying, with its private members removed.
  keys retire <file> <kid>
      Remove the key <kid>. Refuses to remove the only key that can sign.
  keys public <file>
      Print the public JWK set (what GET /.well-known/jwks.json serves) to stdout.
      Secrets (HS*) are never printed.

Options:
  --alg <alg>    ${JOSE_ALGORITHMS.join(', ')}.
                 generate: ${DEFAULT_ALGORITHM}; rotate and add: the algorithm of the signing key.
                 RSA keys (RS*, PS*) have ${RSA_BITS} bits.
  --kid <kid>    Default: the RFC 7638 thumbprint of the public key; random for HS*.
  --out <file>   The file generate writes. Default: ${DEFAULT_OUT}.
  --force        Let generate replace an existing file (its keys are lost).
  -h, --help     This text.

Files are written with mode 0600 through a temporary file renamed into place, and only
once the module accepts their content. A kid starting with "-" goes after "--".
Private key material is only ever written to the file.
Exit status: 0 done, 1 failed (the file is unchanged), 2 usage error.
`;
