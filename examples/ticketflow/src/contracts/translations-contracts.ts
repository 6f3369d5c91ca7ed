import { defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';

/** The first version: no source language, and the inquiry id was called ticketId. Still accepted (upcast to V2). */
export const RequestTranslationV1 = defineMessage({
  type: 'translations.request-translation.v1',
  topic: 'translations',
  schema: z.object({ text: z.string(), ticketId: z.guid() }),
  key: (request) => request.ticketId,
});

export const RequestTranslationV2 = defineMessage({
  type: 'translations.request-translation.v2',
  topic: 'translations',
  schema: z.object({ text: z.string(), languageCode: z.string(), referenceId: z.guid() }),
  key: (request) => request.referenceId,
});

export const TranslationCompleted = defineMessage({
  type: 'translations.translation-completed',
  topic: 'translations',
  schema: z.object({ originalText: z.string(), translatedText: z.string(), referenceId: z.guid() }),
  key: (translation) => translation.referenceId,
});

export const TranslationSkipped = defineMessage({
  type: 'translations.translation-skipped',
  topic: 'translations',
  schema: z.object({ originalText: z.string(), referenceId: z.guid(), reason: z.string() }),
  key: (translation) => translation.referenceId,
});
