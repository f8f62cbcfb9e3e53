import { z } from 'zod';
import { doctorSchema } from './doctor.outputs.js';

/** The three photo paths of a profile (see `Doctor.photo`). */
export const doctorPhotoSchema = doctorSchema.shape.photo.unwrap();
export type DoctorPhotoDto = z.infer<typeof doctorPhotoSchema>;
