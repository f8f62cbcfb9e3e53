import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from './principal.js';

/** On a public route: the signed-in caller when a valid token came with the request, else undefined. */
export const Viewer = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined =>
  context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
