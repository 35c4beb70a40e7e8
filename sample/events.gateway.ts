import { UseFilters } from '@nestjs/common';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import {
  type AuthenticatedUser,
  CurrentUser,
  Public,
  Roles,
  WsAuthExceptionFilter,
} from 'nest-jwt-auth';
import { profileOf } from './user-profile.js';

/**
 * socket.io on the app's own port. The global `JwtAuthGuard` (APP_GUARD) guards every message
 * with the token of the handshake (`auth.token` or `Authorization: Bearer`). The filter is needed
 * because Nest applies no global filter to gateways: without it a refusal reaches the client as
 * `Internal server error` instead of an `exception` event with our code.
 */
@UseFilters(WsAuthExceptionFilter)
@WebSocketGateway()
export class EventsGateway {
  @SubscribeMessage('whoami')
  whoami(@CurrentUser() user: AuthenticatedUser) {
    return profileOf(user);
  }

  @Roles('admin')
  @SubscribeMessage('admin-only')
  adminOnly(@CurrentUser('username') username: string) {
    return { message: `Welcome to the admin channel, ${username}.` };
  }

  @Public()
  @SubscribeMessage('ping')
  ping() {
    return 'pong';
  }
}
