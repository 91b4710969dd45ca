// nginx on 8080 with the same consoles behind HTTP authentication (401 with Tomcat's realm): recorded, not flagged.
import type { LabHost } from '../lab.js';
import { nginxConf, startNginx } from '../support/nginx.js';

export const host: LabHost = {
  name: 'console-hard',
  octet: 225,
  description: 'nginx on 8080: Tomcat manager and /actuator behind Basic authentication (401)',
  packages: ['nginx'],
  programs: ['nginx'],
  async start(ctx) {
    // admin:lab-only (apr1 hash made with `openssl passwd -apr1`).
    const hash = ctx.exec('openssl', ['passwd', '-apr1', 'lab-only']).trim();
    const users = ctx.file('htpasswd', `admin:${hash}\n`);
    ctx.file('www/index.html', '<html><head><title>Orders service</title></head><body>ok</body></html>\n');
    await startNginx(
      ctx,
      nginxConf(
        ctx,
        `  server {
    listen 8080;
    listen [::]:8080;
    root ${ctx.dir}/www;
    location /manager/ { auth_basic "Tomcat Manager Application"; auth_basic_user_file ${users}; }
    location /actuator { auth_basic "actuator"; auth_basic_user_file ${users}; }
  }`,
      ),
      [8080],
    );
  },
};
