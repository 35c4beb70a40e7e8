import {
  Body,
  Controller,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Req,
  type Type,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from './auth.constants.js';
import { AuthService } from './auth.service.js';
import { Public } from './decorators/public.decorator.js';
import { AuthValidationPipe } from './dto/auth-validation.pipe.js';
import { EmptyBodyDto } from './dto/empty-body.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { type AccessTokenClaims } from './interfaces/access-token-claims.interface.js';
import { type TokenPair } from './interfaces/token-pair.interface.js';
import { type ResolvedAuthOptions } from './options/resolved-auth-options.js';

/**
 * The `/auth` routes (CONTRACT.md section 3), mounted at `path`. A factory, because a
 * decorator's path is fixed when the class is declared and the prefix is an option.
 */
export function createAuthController(path: string): Type<unknown> {
  @Controller(path)
  @UsePipes(new AuthValidationPipe())
  class AuthController {
    constructor(
      private readonly auth: AuthService,
      @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    ) {}

    @Public()
    @Post('login')
    @HttpCode(200)
    login(@Body() body: LoginDto): Promise<TokenPair> {
      if (!this.options.validateCredentials) {
        // Answer as if the route did not exist: there is no login without validateCredentials.
        throw new NotFoundException(`Cannot POST /${path}/login`);
      }
      return this.auth.login(body.username, body.password);
    }

    @Public()
    @Post('refresh')
    @HttpCode(200)
    refresh(@Body() body: RefreshDto): Promise<TokenPair> {
      return this.auth.refresh(body.refreshToken);
    }

    @Post('logout')
    @HttpCode(204)
    @UseGuards(JwtAuthGuard)
    async logout(
      @Body() _body: EmptyBodyDto,
      @Req() request: { authInfo: AccessTokenClaims },
    ): Promise<void> {
      await this.auth.logout(request.authInfo);
    }
  }
  return AuthController;
}
