import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth.service.js';
import { type AuthUser } from '../interfaces/auth-user.interface.js';
import { type TokenPair } from '../interfaces/token-pair.interface.js';

/** Mints real tokens for a test's users: a real session, so logout and revocation work too. */
@Injectable()
export class TestTokens {
  constructor(private readonly auth: AuthService) {}

  /** An access token of a new session of `user`. */
  async accessToken(user: AuthUser): Promise<string> {
    return (await this.auth.issueTokens(user)).accessToken;
  }

  /** The whole pair, for tests of refresh or logout. */
  pair(user: AuthUser): Promise<TokenPair> {
    return this.auth.issueTokens(user);
  }

  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  async bearer(user: AuthUser): Promise<{ Authorization: string }> {
    return { Authorization: `Bearer ${await this.accessToken(user)}` };
  }
}
