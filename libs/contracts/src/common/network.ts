import { z } from 'zod';

export const ipAddress = z.union([z.ipv4(), z.ipv6()]);

/** User agents are attacker-controlled text; bounded so one request cannot bloat every sink. */
export const userAgent = z.string().max(512);

export const emailAddress = z.email().max(320);
