import type { OpenedServices } from '../../service/index.ts';
import { actorOf } from '../auth.ts';
import { errorResponses } from '../schemas/common.ts';
import { settings, settingsUpdate } from '../schemas/settings.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['settings'];

export function registerSettingsRoutes(app: ServerApp, services: OpenedServices): void {
  app.route({
    method: 'GET',
    url: '/api/settings',
    config: { permission: 'read' },
    schema: { tags, summary: 'Server settings', response: { 200: settings, ...errorResponses } },
    handler: async () => services.settings.get(),
  });

  app.route({
    method: 'PUT',
    url: '/api/settings',
    config: { permission: 'admin' },
    schema: { tags, summary: 'Change server settings', body: settingsUpdate, response: { 200: settings, ...errorResponses } },
    handler: async (request) => services.settings.update(request.body, actorOf(request)),
  });
}
