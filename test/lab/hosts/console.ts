// nginx on 8080 playing a neglected Java application server: a Tomcat manager page and a Spring Boot
// /actuator/env that answer without a login (static copies of what those consoles return).
import type { LabHost } from '../lab.js';
import { nginxConf, startNginx } from '../support/nginx.js';

export const host: LabHost = {
  name: 'console',
  octet: 224,
  description: 'nginx on 8080: open Tomcat manager (/manager/html) and Spring Boot /actuator/env',
  packages: ['nginx'],
  programs: ['nginx'],
  async start(ctx) {
    ctx.file(
      'www/manager/html',
      '<html><head><title>/manager</title></head><body><h1>Tomcat Web Application Manager</h1><table><tr><td>/examples</td></tr></table></body></html>\n',
    );
    ctx.file(
      'www/actuator/env',
      `${JSON.stringify({
        activeProfiles: ['prod'],
        propertySources: [
          { name: 'server.ports', properties: { 'local.server.port': { value: 8080 } } },
          {
            name: 'applicationConfig: [classpath:/application.properties]',
            properties: { 'spring.datasource.password': { value: '******' } },
          },
        ],
      })}\n`,
    );
    ctx.file('www/index.html', '<html><head><title>Orders service</title></head><body>ok</body></html>\n');
    await startNginx(
      ctx,
      nginxConf(
        ctx,
        `  server {
    listen 8080;
    listen [::]:8080;
    root ${ctx.dir}/www;
    location = /manager/html { default_type text/html; }
    location = /actuator/env { default_type application/vnd.spring-boot.actuator.v3+json; }
  }`,
      ),
      [8080],
    );
  },
};
