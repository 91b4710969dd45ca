// Redis that demands a password (requirepass): redis-noauth must find nothing.
import type { LabHost } from '../lab.js';
import { startRedis } from './redis.js';

export const host: LabHost = {
  name: 'redis-auth',
  octet: 151,
  description: 'redis-server with requirepass',
  packages: ['redis-server'],
  programs: ['redis-server'],
  async start(ctx) {
    await startRedis(ctx, ['protected-mode yes', 'requirepass lab-only-redis-secret-7f3a']);
  },
};
