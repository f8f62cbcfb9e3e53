import { applyDecorators } from '@nestjs/common';
import { Roles } from '../auth/policy.js';
import { AnswersWith } from '../openapi/operation.js';

/**
 * A route of the signed-in doctor's own resources (`/doctors/me…`): doctors only, and 404
 * `NOT_FOUND` while the doctor has no profile (DoctorContext.me and DoctorsService.getMine find
 * none), so the document lists that answer for each such route from this one declaration.
 * On a controller it covers every route of it.
 */
export const OwnDoctorResource = (): MethodDecorator & ClassDecorator => applyDecorators(Roles('doctor'), AnswersWith('NOT_FOUND'));
