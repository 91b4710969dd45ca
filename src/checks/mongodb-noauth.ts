/**
 * mongodb-noauth: sends isMaster (the legacy handshake every version answers) and buildInfo, then listDatabases
 * with nameOnly, without credentials. Database names in the answer mean access control is off; "Unauthorized"
 * (code 13) means it is on. No document is read.
 *
 * @output
 * 27017/tcp mongodb-noauth: MongoDB 7.0.5 lists its databases without credentials: admin, config, local, shop
 */
import type { Check } from './types.js';
import { withStream } from '../protocols/net/stream.js';
import type { BsonDocument } from '../protocols/mongodb/codec.js';
import { runCommand } from '../protocols/mongodb/client.js';

const ok = (d: BsonDocument): boolean => d['ok'] === 1 || d['ok'] === true;

export const check: Check = {
  id: 'mongodb-noauth',
  title: { en: 'MongoDB without authentication', zh: 'MongoDB 未启用认证' },
  categories: ['safe', 'auth'],
  references: [
    'https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/',
    'https://www.mongodb.com/docs/manual/administration/security-checklist/',
  ],
  applies: { transport: 'tcp', ports: [27017, 27018, 27019], services: ['mongodb'] },
  async run(ctx) {
    const { host, port } = ctx.target;
    try {
      return await withStream(
        {
          host,
          port,
          signal: ctx.signal,
          limits: { connectTimeoutMs: ctx.timeoutMs, readTimeoutMs: ctx.timeoutMs, maxBytes: 1 << 20 },
        },
        async (s) => {
          const hello = await runCommand(s, 'admin', { isMaster: 1 }, false);
          const wire = hello['maxWireVersion'];
          if (!ok(hello) || typeof wire !== 'number') {
            return { status: 'not-applicable', reason: 'isMaster was not answered like MongoDB' };
          }
          const opMsg = wire >= 6;
          const build = await runCommand(s, 'admin', { buildInfo: 1 }, opMsg);
          const version = ok(build) && typeof build['version'] === 'string' ? build['version'].slice(0, 40) : null;
          const list = await runCommand(s, 'admin', { listDatabases: 1, nameOnly: true }, opMsg);
          const base = {
            version,
            maxWireVersion: wire,
            setName: typeof hello['setName'] === 'string' ? hello['setName'].slice(0, 100) : null,
            isMaster: hello['ismaster'] === true || hello['isWritablePrimary'] === true,
          };
          const service = {
            service: 'mongodb',
            product: 'MongoDB',
            ...(version !== null && { version }),
            extraInfo: `wire version ${wire}`,
          };
          const dbs = list['databases'];
          if (!ok(list) || !Array.isArray(dbs)) {
            const code = typeof list['code'] === 'number' ? list['code'] : null;
            const errmsg = typeof list['errmsg'] === 'string' ? list['errmsg'].slice(0, 200) : null;
            return {
              status: 'ok',
              evidence: { ...base, auth: code === 13 || code === 18 ? 'required' : 'refused', code, errmsg },
              findings: [],
              service,
            };
          }
          const names = dbs
            .map((d) =>
              typeof d === 'object' &&
              d !== null &&
              !Array.isArray(d) &&
              !(d instanceof Uint8Array) &&
              !(d instanceof Date)
                ? d['name']
                : null,
            )
            .filter((n): n is string => typeof n === 'string')
            .map((n) => n.slice(0, 64));
          const shown = names.slice(0, 20).join(', ');
          const evidence = { ...base, auth: 'none', databases: names.length, names: shown };
          return {
            status: 'ok',
            evidence,
            findings: [
              {
                key: '',
                severity: 'critical',
                title: {
                  en: `MongoDB${version === null ? '' : ` ${version}`} lists its databases without credentials`,
                  zh: `MongoDB${version === null ? '' : ` ${version}`} 无需凭据即可列出数据库`,
                },
                detail: {
                  en: `listDatabases was answered without authentication (${names.length} databases: ${shown}). Access control is off: anyone who reaches the port can read, change or drop every database, and open MongoDB servers are emptied and held for ransom within hours. Enable security.authorization, bind to private addresses and allow 27017 only from the application servers.`,
                  zh: `未经认证即可执行 listDatabases（共 ${names.length} 个数据库：${shown}）。访问控制未开启：任何能连到该端口的人都可以读取、修改或删除所有数据库，开放的 MongoDB 往往几小时内就会被清空并勒索。请启用 security.authorization，只绑定内网地址，并只允许应用服务器访问 27017。`,
                },
                action: 'restrict',
                evidence,
              },
            ],
            service,
          };
        },
      );
    } catch (err) {
      return { status: 'error', error: err instanceof Error ? err.message : String(err) };
    }
  },
};
