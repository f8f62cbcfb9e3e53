import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, type ApiResponseOptions } from '@nestjs/swagger';

// A route's status and the status the OpenAPI document gives it, declared once, for the
// routes that answer other than Nest's default (201 for POST, 200 otherwise).

/** 204, no body. */
export const NoContent = (description: string): MethodDecorator => applyDecorators(HttpCode(204), ApiNoContentResponse({ description }));

/** 200 from a POST that acts on something rather than creating it. */
export const PostOk = (options: ApiResponseOptions): MethodDecorator => applyDecorators(HttpCode(200), ApiOkResponse(options));
