import type { HandlerContext } from '@pragmatic-messaging/core';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  RequestTranslationV1,
  RequestTranslationV2,
  TranslationCompleted,
  TranslationSkipped,
} from '../../contracts/translations-contracts.js';
import type { ServiceModule } from '../../runtime/service-module.js';
import { type Translator, translatorFor } from './translator.js';

type TranslationRequest = { text: string; languageCode: string; referenceId: string };

/** V1 had no source language and called the reference `ticketId`; V2 is what this service understands. */
export function upcastTranslationRequest(v1: { text: string; ticketId: string }): TranslationRequest {
  return { text: v1.text, languageCode: 'und', referenceId: v1.ticketId };
}

export interface TranslationsServiceOptions {
  readonly translator?: Translator;
}

/** Translations: stateless; translates inquiry descriptions to English, or says it skipped them and why. */
export function translationsService(options: TranslationsServiceOptions = {}): ServiceModule {
  let translator = options.translator;

  async function translate(request: TranslationRequest, ctx: HandlerContext): Promise<void> {
    const translated = await translator!(request.text, request.languageCode);
    if (translated) {
      await ctx.publish(TranslationCompleted, {
        originalText: request.text,
        translatedText: translated,
        referenceId: request.referenceId,
      });
    } else {
      await ctx.publish(TranslationSkipped, {
        originalText: request.text,
        referenceId: request.referenceId,
        reason: 'No translation available (offline translator, or the provider returned nothing)',
      });
    }
  }

  return {
    name: 'translations',
    publishes: [TranslationCompleted, TranslationSkipped],
    migrate: async () => {},
    configure(context) {
      translator ??= translatorFor(context.config);
      context.messaging
        .endpoint('translations.requests', { concurrency: 4 })
        .on(RequestTranslationV2, (request, ctx) => translate(request, ctx))
        .on(RequestTranslationV1, (request, ctx) => translate(upcastTranslationRequest(request), ctx));
    },
    routes(app, context) {
      app.withTypeProvider<ZodTypeProvider>().post(
        '/',
        {
          schema: { body: z.object({ text: z.string().min(1), languageCode: z.string().default('und') }) },
        },
        async (request, reply) => {
          translator ??= translatorFor(context().config);
          // A JSON string, as the original answered: "" when nothing was translated.
          const translated = await translator(request.body.text, request.body.languageCode);
          return reply.type('application/json').send(JSON.stringify(translated));
        },
      );
    },
  };
}
