import type { HandlerContext } from '@pragmatic-messaging/core';
import {
  RequestTranslationV1,
  RequestTranslationV2,
  TranslationCompleted,
  TranslationSkipped,
} from '../../contracts/translations-contracts.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import type { Translator } from './translator.js';

type TranslationRequest = { text: string; languageCode: string; referenceId: string };

/** V1 had no source language and called the reference `ticketId`; V2 is what this service understands. */
export function upcastTranslationRequest(v1: { text: string; ticketId: string }): TranslationRequest {
  return { text: v1.text, languageCode: 'und', referenceId: v1.ticketId };
}

async function translate(translator: Translator, request: TranslationRequest, ctx: HandlerContext) {
  const translated = await translator(request.text, request.languageCode);
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

/** Translation requests, V2 and (upcast) V1: each answered with TranslationCompleted or TranslationSkipped. */
export function registerTranslationsHandlers(context: ServiceContext, translator: Translator): void {
  context.messaging
    .endpoint('translations.requests', { concurrency: 4 })
    .on(RequestTranslationV2, (request, ctx) => translate(translator, request, ctx))
    .on(RequestTranslationV1, (request, ctx) =>
      translate(translator, upcastTranslationRequest(request), ctx),
    );
}
