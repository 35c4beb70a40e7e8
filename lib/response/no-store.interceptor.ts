import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable } from 'rxjs';
import { type CacheableResponse, preventCaching } from './no-store.js';

/** Every answer of the routes it is applied to is `Cache-Control: no-store`, without an ETag. */
@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    preventCaching(context.switchToHttp().getResponse<CacheableResponse>());
    return next.handle();
  }
}
