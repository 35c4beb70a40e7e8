import { Controller, Get, Header } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, OptionalAuth, Public, Roles } from 'nest-jwt-auth';
import { DEMO_PAGE } from './demo-page.js';
import { greetingFor, profileOf } from './user-profile.js';

/** The sample's own routes; every route needs a token unless marked `@Public()`. */
@Controller()
export class AppController {
  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  getDemoPage() {
    return DEMO_PAGE;
  }

  @Public()
  @Get('public')
  getPublic() {
    return { message: 'Anyone can read this.' };
  }

  @OptionalAuth()
  @Get('greeting')
  getGreeting(@CurrentUser() user?: AuthenticatedUser) {
    return { message: greetingFor(user) };
  }

  @Get('me')
  getMe(@CurrentUser() user: AuthenticatedUser) {
    return profileOf(user);
  }

  @Roles('admin')
  @Get('admin')
  getAdmin(@CurrentUser('username') username: string) {
    return { message: `Welcome to the admin area, ${username}.` };
  }
}
