import { z } from 'zod';
import { instantOutput } from '../../../../common/validation/instant.js';
import type { DeviceRow } from '../devices.repository.js';
import { MAX_DEVICES_PER_USER } from '../devices.repository.js';
import { DEVICE_PLATFORMS } from '../../push/push-transport.js';

export const deviceSchema = z
  .object({
    id: z.uuid(),
    platform: z.enum(DEVICE_PLATFORMS),
    /** The token's last characters, so an app can tell its own device in the list. */
    tokenEnding: z.string().regex(/^[\x20-\x7e]{0,8}$/).max(8).meta({ example: 'e5f4a3b2', description: 'The last 8 characters of the token' }),
    createdAt: instantOutput,
    lastRegisteredAt: instantOutput,
  })
  .meta({ id: 'Device' });
export type DeviceDto = z.infer<typeof deviceSchema>;

export const deviceListSchema = z.object({ items: z.array(deviceSchema).max(MAX_DEVICES_PER_USER) }).meta({ id: 'DeviceList' });
export type DeviceListDto = z.infer<typeof deviceListSchema>;

/** What leaves the building about a device: never the whole token (it addresses the phone). */
export function toDeviceDto(row: DeviceRow): DeviceDto {
  return {
    id: row.id,
    platform: row.platform,
    tokenEnding: row.token.slice(-8),
    createdAt: row.createdAt.toISOString(),
    lastRegisteredAt: row.lastRegisteredAt.toISOString(),
  };
}
