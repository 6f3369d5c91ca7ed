import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../runtime/service-module.js';
import type { Translator } from './translator.js';

const TranslationRequest = z.object({ text: z.string().min(1), languageCode: z.string().default('und') });

/** The synchronous flow's (UC-2) translation call. */
export function registerTranslationsRoutes(
  app: FastifyInstance,
  context: () => ServiceContext,
  translatorOf: (context: ServiceContext) => Translator,
): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .post('/', { schema: { body: TranslationRequest } }, async (request, reply) => {
      // A JSON string, as the original answered: "" when nothing was translated.
      const translated = await translatorOf(context())(request.body.text, request.body.languageCode);
      return reply.type('application/json').send(JSON.stringify(translated));
    });
}
